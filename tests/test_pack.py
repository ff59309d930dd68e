"""Rule packs: the shipped ones load and are complete; a bad pack is refused with a message naming what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.checks import CHECKS
from checker.pack import PackError, load_pack, parse_pack, shipped_packs
from checker.report import Severity

GOOD_RULE = {"id": "logo", "check": "logo", "severity": "error", "title": "Logo", "description": "The logo."}
GOOD_HEAD = {"id": "mine", "name": "Mine News", "terms": "Credit us."}


@pytest.mark.parametrize("name", shipped_packs())
def test_every_shipped_pack_loads_and_documents_each_rule(name: str) -> None:
    pack = load_pack(name)
    assert pack.rules and pack.terms and pack.name
    for rule in pack.rules:
        assert rule.id and rule.title and rule.description and rule.terms, rule.id
        assert isinstance(rule.severity, Severity)
        assert rule.check in CHECKS


def test_dcnf_is_shipped_with_the_three_rules_users_refer_to() -> None:
    pack = load_pack("dcnf")
    assert [r.id for r in pack.rules][:3] == ["logo", "byline", "affiliation"]
    assert all(pack.rule(r).severity is Severity.ERROR for r in ("logo", "byline", "affiliation"))
    assert "DCNF" in pack.aliases and "The Daily Caller" in pack.not_aliases
    assert "must include our logo" in pack.terms


def test_a_pack_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[pack]\nid = "mine"\nname = "Mine News"\nterms = "Credit us."\n\n'
        '[[rules]]\nid = "credit"\ncheck = "text"\nseverity = "warning"\n'
        'title = "Credit"\ndescription = "Credit line."\n'
        '[rules.params]\nphrases = ["originally published by Mine News"]\n',
        encoding="utf-8",
    )
    pack = load_pack(str(path))
    assert pack.id == "mine" and pack.rule("credit").severity is Severity.WARNING
    assert pack.rule("credit").params == {"phrases": ["originally published by Mine News"]}


BAD = [
    ("no-pack-table", {"rules": [GOOD_RULE]}, "missing [pack] table"),
    ("unknown-top-level", {"pack": GOOD_HEAD, "rules": [GOOD_RULE], "extra": {}}, 'unknown table "extra"'),
    ("pack-missing-terms", {"pack": {"id": "m", "name": "M"}, "rules": [GOOD_RULE]}, '[pack]: missing key "terms"'),
    (
        "pack-unknown-key",
        {"pack": {**GOOD_HEAD, "licence": "x"}, "rules": [GOOD_RULE]},
        '[pack]: unknown key "licence"',
    ),
    ("pack-id-not-kebab", {"pack": {**GOOD_HEAD, "id": "My Pack"}, "rules": [GOOD_RULE]}, "kebab-case"),
    ("aliases-not-a-list", {"pack": {**GOOD_HEAD, "aliases": "DCNF"}, "rules": [GOOD_RULE]}, "aliases must be a list"),
    ("no-rules", {"pack": GOOD_HEAD}, "no rules"),
    (
        "rule-unknown-key",
        {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "sevrity": "error"}]},
        'rule "logo": unknown key "sevrity"',
    ),
    (
        "rule-missing-title",
        {"pack": GOOD_HEAD, "rules": [{k: v for k, v in GOOD_RULE.items() if k != "title"}]},
        'rule "logo": missing key "title"',
    ),
    (
        "bad-severity",
        {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "severity": "fatal"}]},
        "severity must be one of error, warning, info",
    ),
    ("unknown-check", {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "check": "logos"}]}, 'unknown check "logos"'),
    ("duplicate-id", {"pack": GOOD_HEAD, "rules": [GOOD_RULE, GOOD_RULE]}, "duplicate rule id"),
    (
        "unknown-param",
        {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "params": {"size": 2}}]},
        'unknown param "size" for check "logo"',
    ),
    (
        "param-wrong-type",
        {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "params": {"names": "DCNF"}}]},
        'param "names" must be a list of strings',
    ),
    (
        "bad-regex",
        {"pack": GOOD_HEAD, "rules": [{**GOOD_RULE, "params": {"file_patterns": ["(dcnf"]}}]},
        "bad regular expression",
    ),
]


@pytest.mark.parametrize("data, message", [(d, m) for _, d, m in BAD], ids=[i for i, _, _ in BAD])
def test_invalid_pack_is_refused_with_a_precise_message(data: dict, message: str) -> None:
    with pytest.raises(PackError) as raised:
        parse_pack(data, "mine.toml")
    assert str(raised.value).startswith("mine.toml: ")
    assert message in str(raised.value)


def test_unreadable_pack_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[pack\nid=", encoding="utf-8")
    with pytest.raises(PackError, match="not valid TOML"):
        load_pack(str(broken))
    with pytest.raises(PackError, match="file not found"):
        load_pack(str(tmp_path / "missing.toml"))
    with pytest.raises(PackError, match='unknown rule pack "nope"'):
        load_pack("nope")


def test_the_documented_pack_example_loads() -> None:
    """The example a newsroom copies from "Writing a rule pack" is a valid pack."""
    import re
    import tomllib

    page = (Path(__file__).resolve().parent.parent / "docs/packs/writing.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", page, re.S)
    assert example is not None
    pack = parse_pack(tomllib.loads(example.group(1)), "docs/packs/writing.md")
    assert pack.id == "mine" and [r.id for r in pack.rules] == ["logo", "notice", "credit", "pixel"]
    assert pack.rule("notice").severity is Severity.INFO
    assert pack.rule("credit").params["position"] == "top"
    assert re.search(pack.rule("pixel").params["patterns"][0], "https://prairie-newsroom.example/pixel.gif?id=3")


def test_shipped_packs_load() -> None:
    from checker.pack import load_pack

    conversation = load_pack("the-conversation")
    assert [r.id for r in conversation.rules] == ["credit", "credit-top", "counter", "link", "logo", "unaltered"]
    assert conversation.rule("credit-top").severity.value == "warning"
    assert conversation.rule("logo").severity.value == "info"
    tracker = load_pack("republication-tracker")
    assert {r.check for r in tracker.rules} == {"credit", "pixel", "canonical"}


def _write_pack(path: Path, name: str) -> None:
    path.write_text(
        f'[pack]\nid = "mine"\nname = "{name}"\nterms = "Credit us."\n\n'
        '[[rules]]\nid = "credit"\ncheck = "text"\ntitle = "Credit"\ndescription = "Credit line."\n'
        f'[rules.params]\nphrases = ["originally published by {name}"]\n',
        encoding="utf-8",
    )


def test_a_loaded_pack_is_reused_until_its_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    _write_pack(path, "Mine News")
    first = load_pack(str(path))
    assert load_pack(str(path)) is first  # read and validated once, page after page
    assert load_pack("dcnf") is load_pack("dcnf")
    _write_pack(path, "Mine Newsroom")  # edited between two checks: read again
    edited = load_pack(str(path))
    assert edited is not first and edited.name == "Mine Newsroom"


def test_a_broken_pack_is_refused_each_time_until_fixed(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[pack]\nid = "mine"\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PackError):
            load_pack(str(path))
    _write_pack(path, "Mine News")
    assert load_pack(str(path)).name == "Mine News"
