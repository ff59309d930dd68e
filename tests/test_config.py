"""The config file: found from the working directory upward (or named), validated with messages that name the file
and the key, merged per page, and shown back as TOML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from config_helpers import error_of, write

from checker.config import (
    DEFAULTS,
    FORMATS,
    Config,
    ConfigError,
    Target,
    find_config,
    load_config,
)

# No $REPCHECK_CONFIG from the environment running the tests.
pytestmark = pytest.mark.usefixtures("no_config_env")


# ------------------------------------------------------------------------------------------------------ discovery


def test_repcheck_toml_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "timeout = 5\n")
    monkeypatch.chdir(tmp_path)
    assert find_config() == tmp_path / "repcheck.toml"
    config = load_config()
    assert config.path == tmp_path / "repcheck.toml"
    assert config.source == "repcheck.toml"
    assert config.get("timeout") == 5.0


def test_repcheck_toml_in_a_parent_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 3\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert load_config().path == tmp_path / "repcheck.toml"
    assert load_config().get("jobs") == 3


def test_pyproject_with_tool_repcheck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.repcheck]\nretries = 1\n\n'
        '[[tool.repcheck.target]]\nurl = "https://partner.example/a"\n',
    )
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.path == tmp_path / "pyproject.toml"
    assert config.source == "pyproject.toml [tool.repcheck]"
    assert config.get("retries") == 1
    assert config.targets == (Target(url="https://partner.example/a"),)


def test_pyproject_without_tool_repcheck_is_skipped_upward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 4\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n')
    monkeypatch.chdir(tmp_path / "pkg")
    assert find_config() == tmp_path / "repcheck.toml"


def test_broken_pyproject_without_repcheck_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 4\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project\n")
    monkeypatch.chdir(tmp_path / "pkg")
    assert find_config() == tmp_path / "repcheck.toml"


def test_broken_pyproject_meant_for_repcheck_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", "[tool.repcheck]\ntimeout = = 3\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^pyproject.toml: not valid TOML \(.*line 2"):
        load_config()


def test_repcheck_toml_beats_pyproject_in_one_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", "[tool.repcheck]\njobs = 1\n")
    write(tmp_path / "repcheck.toml", "jobs = 2\n")
    monkeypatch.chdir(tmp_path)
    assert load_config().get("jobs") == 2


def test_nearest_directory_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 1\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.repcheck]\njobs = 2\n")
    monkeypatch.chdir(tmp_path / "sub")
    assert load_config().get("jobs") == 2


def test_no_config_found_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config() is None
    config = load_config()
    assert config == Config(None, {}, (), ())
    assert config.effective() == DEFAULTS
    assert config.get("timeout") == 20.0
    assert config.get("timeout", 7) == 7


def test_start_directory_instead_of_cwd(tmp_path: Path) -> None:
    write(tmp_path / "proj" / "repcheck.toml", "jobs = 5\n")
    (tmp_path / "proj" / "src").mkdir()
    assert load_config(start=tmp_path / "proj" / "src").get("jobs") == 5


def test_explicit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 1\n")
    write(tmp_path / "conf" / "ci.toml", "jobs = 9\n")
    monkeypatch.chdir(tmp_path)
    config = load_config("conf/ci.toml")
    assert config.get("jobs") == 9
    assert config.path == tmp_path / "conf" / "ci.toml"


def test_explicit_pyproject_must_have_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^pyproject.toml: no \[tool.repcheck\] table"):
        load_config("pyproject.toml")


def test_explicit_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^nope.toml: config file not found$"):
        load_config("nope.toml")


def test_explicit_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dir").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^dir: is a directory"):
        load_config("dir")


def test_env_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 1\n")
    write(tmp_path / "other.toml", "jobs = 7\n")
    write(tmp_path / "third.toml", "jobs = 3\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPCHECK_CONFIG", str(tmp_path / "other.toml"))
    assert load_config().get("jobs") == 7
    assert load_config("third.toml").get("jobs") == 3  # -c beats the environment


def test_env_variable_naming_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPCHECK_CONFIG", "gone.toml")
    with pytest.raises(ConfigError, match=r"^gone.toml: config file not found \(named by \$REPCHECK_CONFIG\)$"):
        load_config()


def test_unreadable_bytes(tmp_path: Path) -> None:
    (tmp_path / "repcheck.toml").write_bytes(b"timeout = \xff\n")
    with pytest.raises(ConfigError, match=r"repcheck.toml: cannot read: not UTF-8"):
        load_config(start=tmp_path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "repcheck.toml").write_bytes(b"\xef\xbb\xbfjobs = 2\n")
    assert load_config(start=tmp_path).get("jobs") == 2


# --------------------------------------------------------------------------------------------------------- errors


ERRORS = [
    # unknown keys, with a suggestion
    ("timout = 3", r"^repcheck.toml: unknown key 'timout' \(did you mean 'timeout'\? known: all, base_url, .*\)$"),
    ("[[targets]]\nurl = 'https://a.example/'", r"unknown key 'targets' \(did you mean 'target'\?"),
    ("zzz = 1", r"^repcheck.toml: unknown key 'zzz' \(known: all, "),
    (
        "[[target]]\nurl = 'https://a.example/'\nreportr = 'X'",
        r"^repcheck.toml: target 1: unknown key 'reportr' \(did you mean 'reporter'\?",
    ),
    (
        "[[override]]\nmatch = '*'\nseverty = {}",
        r"^repcheck.toml: override 1: unknown key 'severty' \(did you mean 'severity'\?",
    ),
    # wrong types, one per kind of key
    ('timeout = "fast"', r"^repcheck.toml: 'timeout' must be a positive number, not \"fast\"$"),
    ("timeout = true", r"'timeout' must be a positive number, not true$"),
    ("max_bytes = 1.5", r"'max_bytes' must be a positive integer, not 1.5$"),
    ("jobs = '8'", r"'jobs' must be an integer from 1 to 256, not \"8\"$"),
    ("delay = [1]", r"'delay' must be a number of at least 0, not \[1\]$"),
    ("retries = 2.0", r"'retries' must be an integer from 0 to 10, not 2.0$"),
    ("ignore_robots = 'yes'", r"'ignore_robots' must be true or false, not \"yes\"$"),
    ("all = 1", r"'all' must be true or false, not 1$"),
    ("rules = 3", r"'rules' must be a pack name .*, not 3$"),
    ("user_agent = ''", r"'user_agent' must be a non-empty string, not \"\"$"),
    ('user_agent = "a\\nb"', r"'user_agent' must be one line"),
    ("baseline = false", r"'baseline' must be a path \(a non-empty string\), not false$"),
    ("reports = 'x.xml'", r"'reports' must be a table of FORMAT = PATH"),
    ("reports = { junit = 1 }", r"'reports.junit' must be a path \(a non-empty string\), not 1$"),
    ("severity = 'warning'", r"'severity' must be a table of rule id = error \| warning \| info"),
    ("disable = 'notice'", r"'disable' must be a list of rule ids, not \"notice\" \(write \[\"notice\"\]\)$"),
    ("enable = [1]", r"'enable' must be a list of rule ids \(non-empty strings\), not \[1\]$"),
    ("disable = ['']", r"'disable' must be a list of rule ids"),
    (
        "[target]\nurl = 'https://a.example/'",
        r"'target' must be an array of tables: write \[\[target\]\], not \[target\]",
    ),
    ("override = 3", r"'override' must be an array of tables \(\[\[override\]\]\), not 3$"),
    ("target = [1]", r"target 1: must be a table"),
    # out of range
    ("timeout = 0", r"'timeout' must be a positive number, not 0$"),
    ("timeout = -1.5", r"'timeout' must be a positive number, not -1.5$"),
    ("timeout = inf", r"'timeout' must be a positive number, not inf$"),
    ("timeout = nan", r"'timeout' must be a positive number, not nan$"),
    ("max_bytes = 0", r"'max_bytes' must be a positive integer, not 0$"),
    ("check_timeout = 0", r"'check_timeout' must be a positive number, not 0$"),
    ("jobs = 0", r"'jobs' must be an integer from 1 to 256, not 0$"),
    ("jobs = 257", r"'jobs' must be an integer from 1 to 256, not 257$"),
    ("per_host = 0", r"'per_host' must be an integer of at least 1, not 0$"),
    ("delay = -0.1", r"'delay' must be a number of at least 0, not -0.1$"),
    ("retries = 11", r"'retries' must be an integer from 0 to 10, not 11$"),
    ("retries = -1", r"'retries' must be an integer from 0 to 10, not -1$"),
    # choices
    ("fail_on = 'fatal'", r"^repcheck.toml: 'fail_on' must be one of error, warning, info, never, not \"fatal\"$"),
    (
        "fail_on = 'warn'",
        r"'fail_on' must be one of error, warning, info, never, not \"warn\" \(did you mean \"warning\"\?\)$",
    ),
    ("format = 'xml'", r"'format' must be one of text, json, jsonl, csv, junit, github, html, not \"xml\"$"),
    ("format = 'pdf'", r"'format' must be one of text, json, jsonl, csv, junit, github, html, not \"pdf\"$"),
    (
        "severity = { logo = 'fatal' }",
        r"^repcheck.toml: 'severity.logo' must be one of error, warning, info, not \"fatal\"$",
    ),
    (
        "[[target]]\nurl = 'https://a.example/'\n[[target]]\nurl = 'https://b.example/'\nseverity = { logo = 'fatal' }",
        r"^repcheck.toml: target 2: 'severity.logo' must be one of error, warning, info, not \"fatal\"$",
    ),
    (
        "[[override]]\nmatch = '*'\nseverity = { logo = 'Info' }",
        r"override 1: 'severity.logo' .* \(did you mean \"info\"\?\)$",
    ),
    # reports
    (
        "reports = { xml = 'a.xml' }",
        r"^repcheck.toml: 'reports': unknown format 'xml' \(formats: text, json, jsonl, csv, junit, github, html\)$",
    ),
    ("reports = { jsnl = 'a' }", r"'reports': unknown format 'jsnl' \(did you mean 'jsonl'\? formats: "),
    ("reports = { json = 'r', jsonl = './r' }", r"'reports.jsonl' and 'reports.json' write the same file"),
    # targets
    (
        "[[target]]\nurl = 'https://a.example/'\npath = '_site'",
        r"^repcheck.toml: target 1: give either 'url' or 'path', not both$",
    ),
    ("[[target]]\nreporter = 'X'", r"^repcheck.toml: target 1: needs 'url' \(a page\) or 'path'"),
    (
        "[[target]]\nurl = 'partner.example/a'",
        r"target 1: 'url' must be an http:// or https:// URL, not \"partner.example/a\"$",
    ),
    ("[[target]]\npath = ''", r"target 1: 'path' must be a path"),
    ("[[target]]\nurl = 'https://a.example/'\nreporter = 5", r"target 1: 'reporter' must be a name"),
    (
        "[[target]]\nurl = 'https://a.example/'\noriginal = 'ftp://x/y'",
        r"target 1: 'original' must be an http:// or https:// URL",
    ),
    (
        "[[target]]\nurl = 'https://a.example/'\ndisable = ['logo']\nenable = ['logo']",
        r"target 1: rule 'logo' is in both 'disable' and 'enable'$",
    ),
    # overrides
    ("[[override]]\ndisable = ['logo']", r"^repcheck.toml: override 1: missing key 'match'"),
    (
        "[[override]]\nmatch = '*'\n[[override]]\nmatch = 're:('",
        r"^repcheck.toml: override 2: 'match': bad regular expression \"re:\(\" \(missing \) in \(\)$",
    ),
    ("[[override]]\nmatch = ['*/a/*', 're:[']", r"override 1: 'match': bad regular expression \"re:\[\""),
    (  # matched with RE2 (linear time), which has no lookarounds
        "[[override]]\nmatch = 're:^(?!.*/opinion/)'",
        r"override 1: 'match': bad regular expression .*\(lookarounds .* are not supported: .*linear time",
    ),
    ("[[override]]\nmatch = []", r"override 1: 'match' must be a pattern .* or a non-empty list of them, not \[\]$"),
    ("[[override]]\nmatch = 3", r"override 1: 'match' must be a pattern"),
    ("[[override]]\nmatch = 're:'", r"override 1: 'match': empty regular expression"),
    ("disable = ['logo']\nenable = ['logo']", r"^repcheck.toml: rule 'logo' is in both 'disable' and 'enable'$"),
    # base_url
    (
        "base_url = 'ftp://partner.example/'",
        r"^repcheck.toml: 'base_url' must be an http:// or https:// URL, not \"ftp://partner.example/\"$",
    ),
    ("base_url = 'partner.example'", r"'base_url' must be an http:// or https:// URL"),
    ("base_url = 'https://'", r"'base_url' must be an http:// or https:// URL"),
    ("base_url = 'https://p.example/?a=1'", r"'base_url' must be a URL without a query or fragment"),
    # syntax
    ("timeout = 20\njobs = = 3\n", r"^repcheck.toml: not valid TOML \(.*line 2, column \d+\)\)$"),
    ("timeout = 1\ntimeout = 2\n", r"^repcheck.toml: not valid TOML \(.*line 2"),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS, ids=[e[0].split("\n")[-1][:40] for e in ERRORS])
def test_error_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(tmp_path, text + "\n")
    assert re.search(expected, message), message


def test_errors_in_pyproject_name_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(tmp_path, '[tool.repcheck]\ntimeout = "fast"\n', name="pyproject.toml")
    assert message == "pyproject.toml [tool.repcheck]: 'timeout' must be a positive number, not \"fast\""


def test_tool_repcheck_must_be_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(tmp_path, "[tool]\nrepcheck = 3\n", name="pyproject.toml")
    assert message == "pyproject.toml [tool.repcheck]: must be a table, not 3"


def test_error_outside_cwd_names_the_absolute_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repcheck.toml", "jobs = 0\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert str(info.value).startswith(f"{tmp_path / 'repcheck.toml'}: 'jobs'")
    assert info.value.key == "jobs"


def test_error_attributes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "repcheck.toml", "[[target]]\nurl = 'https://a.example/'\nseverity = { logo = 'x' }\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert (info.value.file, info.value.key) == ("repcheck.toml", "severity.logo")


# ---------------------------------------------------------------------------------------------- values and paths


def test_relative_paths_are_resolved_against_the_config_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "proj" / "repcheck.toml",
        """
rules = "packs/mine.toml"
baseline = "repcheck-baseline.json"
reports = { junit = "build/repcheck.xml", jsonl = "../out/r.jsonl" }

[[target]]
path = "_site/**/*.html"
original = "saved/original.html"

[[target]]
path = "/abs/site"
""",
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    config = load_config(start=tmp_path / "proj")
    proj = tmp_path / "proj"
    assert config.get("rules") == str(proj / "packs" / "mine.toml")
    assert config.get("baseline") == str(proj / "repcheck-baseline.json")
    assert config.get("reports") == {
        "junit": str(proj / "build" / "repcheck.xml"),
        "jsonl": str(tmp_path / "out" / "r.jsonl"),
    }
    assert config.targets[0].path == str(proj / "_site" / "**" / "*.html")
    assert config.targets[0].original == str(proj / "saved" / "original.html")
    assert config.targets[1].path == "/abs/site"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("dcnf", "dcnf"), ("my-pack", "my-pack"), ("mine.toml", "{dir}/mine.toml"), ("packs/mine", "{dir}/packs/mine")],
)
def test_rules_is_a_path_only_when_it_looks_like_one(tmp_path: Path, value: str, expected: str) -> None:
    write(tmp_path / "repcheck.toml", f'rules = "{value}"\n')
    assert load_config(start=tmp_path).get("rules") == expected.format(dir=tmp_path)


def test_values_are_normalised(tmp_path: Path) -> None:
    write(
        tmp_path / "repcheck.toml",
        """
timeout = 5
delay = 1
disable = ["notice", "logo", "notice"]
base_url = "https://partner.example/news"
format = "junit"
fail_on = "never"

[[target]]
url = "https://partner.example/a"
original = "https://dailycallernewsfoundation.org/a"
reporter = "Nick Pope"
""",
    )
    config = load_config(start=tmp_path)
    assert config.settings == {
        "timeout": 5.0,
        "delay": 1.0,
        "disable": ["notice", "logo"],
        "base_url": "https://partner.example/news/",
        "format": "junit",
        "fail_on": "never",
    }
    assert isinstance(config.get("timeout"), float)
    assert config.targets == (
        Target(
            url="https://partner.example/a", original="https://dailycallernewsfoundation.org/a", reporter="Nick Pope"
        ),
    )
    assert config.is_set("timeout") and not config.is_set("jobs")


def test_get_refuses_unknown_keys_and_copies_defaults() -> None:
    config = Config()
    with pytest.raises(KeyError):
        config.get("timout")
    config.get("disable").append("x")
    assert DEFAULTS["disable"] == []


def test_defaults_agree_with_the_modules_they_come_from() -> None:
    from checker.audit.runner import DEFAULT_JOBS, DEFAULT_PER_HOST, DEFAULT_RETRIES
    from checker.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
    from checker.formats import OutputFormat

    assert (DEFAULTS["timeout"], DEFAULTS["max_bytes"]) == (DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES)
    assert (DEFAULTS["jobs"], DEFAULTS["per_host"], DEFAULTS["retries"]) == (
        DEFAULT_JOBS,
        DEFAULT_PER_HOST,
        DEFAULT_RETRIES,
    )
    assert {f.value for f in OutputFormat} <= set(FORMATS)


def test_a_full_example_loads(tmp_path: Path) -> None:
    write(
        tmp_path / "repcheck.toml",
        """
rules = "dcnf"
timeout = 20
max_bytes = 10000000
check_timeout = 30
user_agent = "partner-bot/1.0"
jobs = 8
per_host = 2
delay = 0.0
retries = 3
ignore_robots = false
fail_on = "error"
format = "text"
reports = { junit = "build/repcheck.xml", jsonl = "build/repcheck.jsonl" }
disable = ["notice"]
enable = []
severity = { logo = "warning" }
base_url = "https://partner.example/"
all = false
baseline = "repcheck-baseline.json"
redact_params = ["session"]
render = false
page_css = true

[logo_reference]
dcnf = ["brand/dcnf-logo.svg", "https://cdn.example/dcnf.png"]

[[target]]
url = "https://partner.example/2024/story/"
reporter = "Nick Pope"
original = "https://dailycallernewsfoundation.org/2024/story/"
severity = { logo = "warning" }
disable = ["affiliation"]
enable = []

[[override]]
match = "*/opinion/*"
severity = { logo = "info" }
disable = ["logo"]
enable = []
""",
    )
    config = load_config(start=tmp_path)
    assert set(config.settings) == set(DEFAULTS)
    assert len(config.targets) == 1 and len(config.overrides) == 1
    assert config.get("logo_reference") == {
        "dcnf": [str(tmp_path / "brand" / "dcnf-logo.svg"), "https://cdn.example/dcnf.png"]
    }


def test_logo_references_without_the_logo_extra_are_refused(tmp_path: Path) -> None:
    """Without the extra 'logo' a reference logo could not be compared: the run stops (exit 2) and says how to
    install it, rather than judging by names as if no reference were given. (With the extra, see
    tests/test_logo_pixels.py.)"""
    from click.testing import CliRunner

    from checker.cli import main
    from checker.logo_match import available

    if available():
        pytest.skip("the extra 'logo' is installed here")
    reference = tmp_path / "logo.png"
    reference.write_bytes(b"\x89PNG\r\n\x1a\n")
    page = Path(__file__).resolve().parent.parent / "fixtures" / "logo-pixels" / "matching-unnamed.html"
    result = CliRunner().invoke(main, ["check", str(page), "--logo-reference", str(reference)])
    assert result.exit_code == 2 and "pip install 'repcheck[logo]'" in result.output, result.output
