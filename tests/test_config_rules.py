"""The config file per page: rule settings merged from the top level, overrides and targets; rule ids checked
against the pack; the merged config shown back as TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from config_helpers import write

from checker.config import (
    DEFAULTS,
    Config,
    ConfigError,
    Override,
    RuleSettings,
    load_config,
    parse_config,
)

# No $REPCHECK_CONFIG from the environment running the tests.
pytestmark = pytest.mark.usefixtures("no_config_env")


# ---------------------------------------------------------------------------------------------- merging and matching


MERGE = """
severity = { logo = "warning", byline = "info" }
disable = ["notice", "affiliation"]

[[override]]
match = "*/opinion/*"
severity = { logo = "info" }
disable = ["byline"]
enable = ["notice"]

[[override]]
match = "re:/opinion/2024/"
severity = { logo = "error" }
enable = ["byline"]

[[target]]
url = "https://p.example/opinion/2024/x"
severity = { byline = "error" }
disable = ["logo"]
enable = ["affiliation"]
"""


def test_rule_settings_global_only(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "repcheck.toml", MERGE))
    assert config.rule_settings("https://p.example/news/x") == RuleSettings(
        {"logo": "warning", "byline": "info"}, frozenset({"notice", "affiliation"})
    )


def test_rule_settings_overrides_apply_in_file_order(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "repcheck.toml", MERGE))
    first_only = config.rule_settings("https://p.example/opinion/2023/x")
    assert first_only.severity == {"logo": "info", "byline": "info"}
    assert first_only.disabled == {"affiliation", "byline"}  # notice enabled again, byline disabled
    both = config.rule_settings("https://p.example/opinion/2024/x")
    assert both.severity == {"logo": "error", "byline": "info"}  # the later override wins
    assert both.disabled == {"affiliation"}  # the second override enables byline again


def test_rule_settings_target_comes_last(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "repcheck.toml", MERGE))
    target = config.targets[0]
    settings = config.rule_settings(target.location, target)
    assert settings.severity == {"logo": "error", "byline": "error"}
    assert settings.disabled == {"logo"}
    assert not settings.enabled("logo") and settings.enabled("affiliation")
    assert settings.severity_for("byline", "warning") == "error"
    assert settings.severity_for("other", "warning") == "warning"


def test_rule_settings_without_a_config() -> None:
    assert Config().rule_settings("https://p.example/") == RuleSettings({}, frozenset())


@pytest.mark.parametrize(
    ("patterns", "location", "expected"),
    [
        (("*/opinion/*",), "https://p.example/opinion/story/", True),
        (("*/opinion/*",), "https://p.example/news/story/", False),
        (("*/opinion/*",), "https://p.example/Opinion/story/", False),  # case-sensitive
        (("https://p.example/*",), "https://p.example/a/b/c", True),  # * crosses /
        (("*.html",), "/site/a/b.html", True),
        (("re:/opinion/\\d{4}/",), "https://p.example/opinion/2024/x", True),
        (("re:/opinion/\\d{4}/",), "https://p.example/opinion/latest/x", False),
        (("re:^https://p",), "https://p.example/", True),  # searched, anchors allowed
        (("re:example",), "https://p.example/x", True),  # searched anywhere
        (("*/news/*", "re:op-ed"), "https://p.example/op-ed/x", True),
        (("*/news/*", "re:op-ed"), "https://p.example/sport/x", False),
    ],
)
def test_override_matches(patterns: tuple[str, ...], location: str, expected: bool) -> None:
    assert Override(patterns).matches(location) is expected


def test_override_bad_regex_raises_value_error() -> None:
    with pytest.raises(ValueError, match="bad regular expression"):
        Override(("re:(",))


def test_override_match_list_in_the_file(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path / "repcheck.toml", "[[override]]\nmatch = ['*/a/*', 're:/b/']\ndisable = ['x']\n")
    )
    assert config.overrides[0].patterns == ("*/a/*", "re:/b/")
    assert config.rule_settings("https://h/b/1").disabled == {"x"}
    assert config.rule_settings("https://h/c/1").disabled == frozenset()


# ----------------------------------------------------------------------------------------------------- rule ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "disable = ['notise']",
            r"^repcheck.toml: unknown rule 'notise' in 'disable' \(did you mean 'notice'\? "
            r"rules in the pack: affiliation, byline, logo, notice\)$",
        ),
        ("severity = { lgo = 'info' }", r"^repcheck.toml: unknown rule 'lgo' in 'severity' \(did you mean 'logo'\?"),
        (
            "[[override]]\nmatch = '*'\n[[override]]\nmatch = '*'\nenable = ['zzz']",
            r"^repcheck.toml: override 2: unknown rule 'zzz' in 'enable' \(rules in the pack: ",
        ),
        (
            "[[target]]\nurl = 'https://a.example/'\ndisable = ['bylin']",
            r"^repcheck.toml: target 1: unknown rule 'bylin' in 'disable' \(did you mean 'byline'\?",
        ),
    ],
)
def test_check_rule_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "repcheck.toml", text + "\n")
    config = load_config()
    with pytest.raises(ConfigError, match=expected):
        config.check_rule_ids({"logo", "byline", "affiliation", "notice"})


def test_check_rule_ids_passes_known_ids(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "repcheck.toml", MERGE))
    config.check_rule_ids({"logo", "byline", "affiliation", "notice"})
    Config().check_rule_ids(set())


def test_check_rule_ids_against_the_shipped_pack(tmp_path: Path) -> None:
    from checker.pack import load_pack

    known = {rule.id for rule in load_pack("dcnf").rules}
    config = load_config(write(tmp_path / "repcheck.toml", "disable = ['logoo']\n"))
    with pytest.raises(ConfigError, match=r"unknown rule 'logoo' in 'disable' \(did you mean 'logo'\?"):
        config.check_rule_ids(known)


# --------------------------------------------------------------------------------------------------------- show


def test_show_parses_back_with_file_values_and_defaults(tmp_path: Path) -> None:
    head = 'timeout = 3\nreports = { junit = "build/r.xml" }\nuser_agent = "bot/1 \\u00e9"\n'
    tail = (
        '\n[[target]]\npath = "_site"\nreporter = "Jane \\"JJ\\" Doe"\n\n[[override]]\nmatch = ["*/a/*", "re:\\\\d+"]\n'
    )
    path = write(tmp_path / "repcheck.toml", head + MERGE + tail)
    config = load_config(path)
    text = config.show()
    assert text.startswith(f"# repcheck config: {path}\n")
    data = tomllib.loads(text)
    assert data["timeout"] == 3.0
    assert data["user_agent"] == "bot/1 é"
    assert data["reports"] == {"junit": str(tmp_path / "build" / "r.xml")}
    assert data["jobs"] == DEFAULTS["jobs"] and data["fail_on"] == "error" and data["format"] == "text"
    assert "base_url" not in data and "baseline" not in data  # not set: shown as comments
    assert "# base_url is not set (default)" in text
    assert "timeout = 3.0\n" in text and "jobs = 8  # default\n" in text
    assert data["severity"] == {"logo": "warning", "byline": "info"}
    assert data["target"][0] == {
        "url": "https://p.example/opinion/2024/x",
        "severity": {"byline": "error"},
        "disable": ["logo"],
        "enable": ["affiliation"],
    }
    assert data["target"][1] == {"path": str(tmp_path / "_site"), "reporter": 'Jane "JJ" Doe'}
    assert [o["match"] for o in data["override"]] == ["*/opinion/*", "re:/opinion/2024/", ["*/a/*", "re:\\d+"]]
    assert data["override"][0] == {
        "match": "*/opinion/*",
        "severity": {"logo": "info"},
        "disable": ["byline"],
        "enable": ["notice"],
    }
    # what show() prints is itself a valid config that loads to the same thing
    again = parse_config(data, base=tmp_path)
    assert again.targets == config.targets and again.overrides == config.overrides
    assert {k: v for k, v in again.settings.items() if k in config.settings} == config.settings


def test_show_without_a_config_lists_every_default() -> None:
    text = Config().show()
    assert text.startswith("# no config file found; defaults\n")
    data = tomllib.loads(text)
    assert data == {k: v for k, v in DEFAULTS.items() if v is not None}
    for key in DEFAULTS:
        assert key in text


def test_show_quotes_keys_that_need_it() -> None:
    config = parse_config({"severity": {"odd.rule": "info"}})
    assert tomllib.loads(config.show())["severity"] == {"odd.rule": "info"}
