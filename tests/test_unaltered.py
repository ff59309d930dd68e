"""The ``unaltered`` check: the republished story's words compared with the original article's, in order.

Unit tests run the check on small inline pages with an :class:`OriginalText` built by hand; the last tests go
through the engine (the original read from a file), the CLI and an audit's worker processes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.checks import CHECKS, Context, OriginalText, Reporter
from checker.checks.unaltered import words
from checker.cli import main
from checker.engine import Checker
from checker.pack import PackError, parse_pack
from checker.page import Page
from checker.report import Status, Verdict

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ORIGINAL_URL = "https://calmatters.org/housing/2025/02/wildfire-insurance/"
HEADLINE = "Wildfire insurance rates climb again in the Sierra foothills"
STORY = [
    (
        "Homeowners in the Sierra foothills will pay more for fire insurance this year after the state’s insurer of "
        "last resort won approval on Tuesday for another round of rate increases across the region."
    ),
    (
        "“We’re being priced out of the places our families have lived for generations,” said Ana Ruiz, a retired "
        "teacher in Grass Valley who saw her premium double to more than $6,000 since the last fire season."
    ),
    (
        "Regulators said the increases reflect the cost of rebuilding after recent fires — and the shrinking number of "
        "private insurers still willing to write policies in neighborhoods surrounded by dry timber."
    ),
    (
        "The FAIR Plan, which was meant to be a temporary backstop, now covers about 450,000 homes statewide, more "
        "than "
        "twice as many as it did five years ago, according to figures released by the state insurance department."
    ),
    (
        "Insurance Commissioner Ricardo Lara has promised a new rule that would require companies to write more "
        "policies "
        "in high-risk areas in exchange for being allowed to use catastrophe models when they set their rates."
    ),
    (
        "Consumer groups say the rule gives insurers too much and asks too little, and that homeowners will end up "
        "paying for the models without any guarantee that coverage comes back to the foothills."
    ),
]


def html(story: list[str], *, headline: str = HEADLINE, top: str = "", end: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{headline}</title></head>
<body class="single"><main id="main"><article class="post hentry">
  <header class="entry-header"><h1 class="entry-title">{headline}</h1>
  <span class="byline">By Jo Park, CalMatters</span></header>
  <div class="entry-content">
    <p><em>This story was originally published by CalMatters.</em></p>
    {top}
    {body}
    {end}
  </div>
</article></main></body></html>"""


def rule_pack(params: dict[str, Any] | None = None) -> Any:
    return parse_pack(
        {
            "pack": {"id": "cm", "name": "CalMatters", "aliases": ["CalMatters"], "terms": "Do not edit."},
            "rules": [
                {"id": "unaltered", "check": "unaltered", "title": "t", "description": "d", "params": params or {}}
            ],
        }
    )


def original_text(story: list[str] = STORY, headline: str | None = HEADLINE) -> OriginalText:
    page = Page.parse(html(story, headline=headline or "x"))
    from checker.checks.unaltered import story_blocks

    return OriginalText(ORIGINAL_URL, headline, tuple(b.text for b in story_blocks(page)))


def check(
    page_html: str,
    params: dict[str, Any] | None = None,
    *,
    original: OriginalText | None = None,
    url: str | None = ORIGINAL_URL,
) -> Verdict:
    pack = rule_pack(params)
    context = Context(pack, Reporter("Jo Park", "given"), url, original if original is not None else original_text())
    verdict = CHECKS["unaltered"].run(Page.parse(page_html), pack.rules[0], context)
    assert verdict.message and verdict.evidence is not None
    if verdict.status is Status.PASS:
        assert verdict.evidence.where and verdict.evidence.snippet
    else:
        assert verdict.evidence.looked_for
    return verdict


# ---- normalising ----------------------------------------------------------------------------------------------
def test_words_drop_only_style() -> None:
    assert words("“We’re   priced out” — said Ruiz…") == words('"We\'re priced out" - said ruiz...')
    assert words("short-staffed, 1,000 homes; Jan.\u00a01") == ["short", "staffed", "1000", "homes", "jan", "1"]
    assert words("ten homes") != words("10 homes")  # numbers in words are not digits


# ---- verdicts -------------------------------------------------------------------------------------------------
def test_the_original_text_passes_with_its_share() -> None:
    verdict = check(html(STORY))
    assert verdict.status is Status.PASS
    total = sum(len(words(p)) for p in STORY)
    assert f"100.0% of the original's {total} words kept, in order" in verdict.message
    assert verdict.evidence.where.endswith("p:nth-of-type(2)")


def test_style_only_edits_pass() -> None:
    edited = [p.replace("’", "'").replace("“", '"').replace("”", '"').replace(" — ", " -- ") for p in STORY]
    edited[0] = edited[0].upper()
    edited[3] = edited[3].replace("450,000", "450000").replace("  ", " ")
    assert check(html(edited)).status is Status.PASS


def test_a_missing_paragraph_fails_and_is_named() -> None:
    verdict = check(html(STORY[:2] + STORY[3:]))
    assert verdict.status is Status.FAIL
    assert "1 paragraph of the original missing" in verdict.message
    assert verdict.evidence.also == ('missing: "Regulators said the increases reflect the cost of…"',)


def test_allow_cuts_lets_whole_paragraphs_go() -> None:
    verdict = check(html(STORY[:2] + STORY[3:]), {"allow_cuts": True})
    assert verdict.status is Status.PASS
    assert "1 paragraph cut (cuts are allowed)" in verdict.message
    assert "100.0%" in verdict.message  # cut paragraphs do not count in the share


def test_a_changed_quote_fails_and_names_the_paragraph() -> None:
    edited = list(STORY)
    edited[1] = edited[1].replace("We’re being priced out of", "We can no longer afford")
    verdict = check(html(edited))
    assert verdict.status is Status.FAIL
    assert "1 paragraph changed" in verdict.message
    assert verdict.evidence.also[0].startswith('changed: "“We’re being priced out of')
    assert "being priced out" in verdict.evidence.also[0]


def test_a_small_relative_time_change_outside_quotes_passes() -> None:
    edited = list(STORY)
    edited[0] = edited[0].replace("on Tuesday", "last week")
    verdict = check(html(edited))
    assert verdict.status is Status.PASS
    assert "99." in verdict.message


def test_the_share_threshold() -> None:
    edited = list(STORY)
    edited[0] = edited[0].replace("on Tuesday", "last week")
    verdict = check(html(edited), {"threshold": 1.0})
    assert verdict.status is Status.FAIL
    assert "less than 100.0% of the original kept" in verdict.message


def test_added_partner_paragraphs_do_not_lower_the_share() -> None:
    note = (
        "<p><em>Editor’s note: the Foothill Sun has reported on local insurance rates since 2021, and this "
        "story adds nothing of its own to what CalMatters wrote about the state’s insurer of last resort.</em></p>"
    )
    verdict = check(html(STORY, top=note, end="<p>Additional reporting by Foothill Sun staff.</p>"))
    assert verdict.status is Status.PASS
    assert "100.0%" in verdict.message
    assert "2 paragraphs added by the republisher" in verdict.message


def test_headline_forbidden_allowed_ignored() -> None:
    page = html(STORY, headline="Fire insurance goes up again")
    forbidden = check(page, {"headline": "forbidden"})
    assert forbidden.status is Status.FAIL
    assert forbidden.message.startswith("the text was edited: the headline changed")
    assert "Fire insurance goes up again" in forbidden.evidence.also[0]
    allowed = check(page, {"headline": "allowed"})
    assert allowed.status is Status.PASS and "the headline was changed" in allowed.message
    ignored = check(page, {"headline": "ignore"})
    assert ignored.status is Status.PASS and "headline" not in ignored.message
    restyled = html(STORY, headline=HEADLINE.upper())
    assert check(restyled, {"headline": "forbidden"}).status is Status.PASS


def test_skip_without_an_original() -> None:
    verdict = check(html(STORY), url=None)
    assert verdict.status is Status.SKIP
    assert "give --original URL (or an `original` column in an audit)" in verdict.message


def test_errors_for_an_unreadable_or_empty_original(tmp_path: Path) -> None:
    broken = OriginalText(ORIGINAL_URL, error="could not read the original article x: HTTP 404")
    verdict = check(html(STORY), original=broken)
    assert verdict.status is Status.ERROR and "HTTP 404" in verdict.message
    empty = check(html(STORY), original=OriginalText(ORIGINAL_URL, HEADLINE, ()))
    assert empty.status is Status.ERROR and "no story text" in empty.message
    page = tmp_path / "page.html"
    page.write_text(html(STORY), encoding="utf-8")
    report = Checker(rule_pack(), original=str(tmp_path / "missing.html")).check_file(page)
    (result,) = report.rules
    assert result.status is Status.ERROR and "could not read the original article" in result.message


def test_params_are_validated() -> None:
    with pytest.raises(PackError):
        rule_pack({"headline": "sometimes"})
    with pytest.raises(PackError):
        rule_pack({"threshold": "high"})
    with pytest.raises(PackError):
        rule_pack({"allow_cuts": "yes"})
    with pytest.raises(PackError, match='param "threshold" must be from 0 to 1'):  # refused at load, not per page
        rule_pack({"threshold": 1.5})


# ---- through the engine, the CLI and an audit ------------------------------------------------------------------
def test_the_original_is_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import reporter

    original = tmp_path / "original.html"
    original.write_text(html(STORY), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(html(STORY[:-1]), encoding="utf-8")
    reads: list[Any] = []
    real = reporter.read_file
    monkeypatch.setattr(reporter, "read_file", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    checker = Checker(rule_pack(), reporter="Jo Park", original=str(original))
    for _ in range(3):
        (result,) = checker.check_file(page).rules
        assert result.status is Status.FAIL and "missing" in result.message
    assert reads.count(str(original)) == 1


def test_cli_check_with_original() -> None:
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--rules",
            "calmatters",
            "--reporter",
            "Marisa Okafor",
            "--format",
            "json",
            "--original",
            str(FIXTURES / "unaltered/original.html"),
            str(FIXTURES / "unaltered/paragraph-cut.html"),
        ],
    )
    assert result.exit_code == 1, result.output
    data, _ = json.JSONDecoder().raw_decode(result.output)  # the summary line on stderr follows
    report = data[0]
    unaltered = next(r for r in report["rules"] if r["id"] == "unaltered")
    assert unaltered["status"] == "fail"
    assert "Planning directors say" in json.dumps(unaltered)


def test_audit_worker_processes_compare_the_text() -> None:
    original = str(FIXTURES / "unaltered/original.html")
    names = ("compliant-style-edits-only", "paragraph-cut", "quote-changed", "headline-changed")
    targets = [
        AuditTarget(str(FIXTURES / f"unaltered/{name}.html"), reporter="Marisa Okafor", original=original)
        for name in names
    ]
    got: dict[str, str] = {}
    Auditor(Checker("calmatters"), AuditOptions(processes=2, robots=False)).run(
        targets,
        lambda r: got.__setitem__(Path(r.target).stem, next(x.status.value for x in r.rules if x.id == "unaltered")),
    )
    assert got == {
        "compliant-style-edits-only": "pass",
        "paragraph-cut": "fail",
        "quote-changed": "fail",
        "headline-changed": "fail",
    }


def test_an_audit_fetches_each_original_once_not_again_in_each_worker(server: Any) -> None:
    """The licensor's site is asked for an original article once per run, however many worker processes check
    the pages that name it."""
    original = server.add("/licensor/original", (FIXTURES / "unaltered/original.html").read_bytes())
    names = ("compliant-style-edits-only", "paragraph-cut", "quote-changed", "headline-changed")
    targets = [
        AuditTarget(
            server.add(f"/partner/{name}", (FIXTURES / f"unaltered/{name}.html").read_bytes()), original=original
        )
        for name in names
    ]
    got: dict[str, str] = {}
    Auditor(Checker("calmatters"), AuditOptions(processes=2, robots=False)).run(
        targets,
        lambda r: got.__setitem__(
            r.target.rsplit("/", 1)[1], next(x.status.value for x in r.rules if x.id == "unaltered")
        ),
    )
    assert got == {
        "compliant-style-edits-only": "pass",
        "paragraph-cut": "fail",
        "quote-changed": "fail",
        "headline-changed": "fail",
    }
    assert server.paths_seen().count("/licensor/original") == 1
