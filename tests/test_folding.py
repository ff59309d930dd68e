"""checker.folding: the folding, name and organisation patterns and snippets every check compares with."""

from __future__ import annotations

import pytest

from checker.folding import alias_pattern, fold, fold_lines, name_pattern, snippet

DCNF = ["Daily Caller News Foundation", "DCNF", "The Daily Caller News Foundation"]

# ---------------------------------------------------------------------------------------------------------------
# fold: the one form in which all text is compared.

FOLD_CASES = [
    # (id, text, folded)
    ("lower-case", "NICK POPE", "nick pope"),
    ("mixed-case", "Nick POPE", "nick pope"),
    ("acute-and-grave", "Élodie Dupré", "elodie dupre"),
    ("upper-diacritics", "ÉLODIE DUPRÉ", "elodie dupre"),
    ("cedilla-tilde-umlaut", "François Peña Müller", "francois pena muller"),
    ("letters-without-decomposition", "Łukasz Øster", "lukasz oster"),
    ("ligature", "Æsir œuvre", "aesir oeuvre"),
    ("sharp-s", "Anna Groß", "anna gross"),
    ("right-single-quote", "Jason O\u2019Hara", "jason o'hara"),
    ("left-single-quote", "Jason O\u2018Hara", "jason o'hara"),
    ("modifier-apostrophe", "Jason O\u02bcHara", "jason o'hara"),
    ("curly-double-quotes", "\u201cWe will fight\u201d", '"we will fight"'),
    ("en-dash", "2019\u20132024", "2019-2024"),
    ("em-dash", "WASHINGTON\u2014The", "washington-the"),
    ("non-breaking-hyphen", "Jean\u2011Pierre", "jean-pierre"),
    ("minus-sign", "\u22125", "-5"),
    ("nbsp", "Nick\u00a0Pope", "nick pope"),
    ("thin-space", "Nick\u2009Pope", "nick pope"),
    ("narrow-nbsp", "Nick\u202fPope", "nick pope"),
    ("runs-of-whitespace", "  Nick \t\n  Pope  ", "nick pope"),
    ("soft-hyphen-removed", "Pick\u00adrell", "pickrell"),
    ("zero-width-space-removed", "Pick\u200brell", "pickrell"),
    ("ellipsis", "and so\u2026", "and so..."),
    ("ascii-unchanged-but-lowered", "By Nick Pope, DCNF", "by nick pope, dcnf"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("text", "folded"), [c[1:] for c in FOLD_CASES], ids=[c[0] for c in FOLD_CASES])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text", [c[1] for c in FOLD_CASES if "\n" not in c[1]], ids=[c[0] for c in FOLD_CASES if "\n" not in c[1]]
)
def test_fold_lines_folds_each_line_like_fold(text: str) -> None:
    # The page folds all its blocks at once; a name must fold the same way on the page as in the reporter option.
    lines = [text, "Plain ASCII line", "Straße in Zürich"]
    assert fold_lines(lines) == [fold(line) for line in lines]


# ---------------------------------------------------------------------------------------------------------------
# name_pattern: a reporter's name found as a whole name in folded text.

NAME_CASES = [
    # (id, name, text on the page, found)
    ("exact", "Nick Pope", "By Nick Pope", True),
    ("upper-case-page", "Nick Pope", "BY NICK POPE", True),
    ("followed-by-punctuation", "Nick Pope", "By Nick Pope, Daily Caller News Foundation", True),
    ("possessive", "Nick Pope", "Nick Pope\u2019s reporting", True),
    ("nbsp-inside-name", "Nick Pope", "By Nick\u00a0Pope", True),
    ("two-spaces", "Nick Pope", "By Nick  Pope", True),
    ("longer-surname", "Nick Pope", "By Nick Popeye", False),
    ("plural-surname", "Nick Pope", "the Nick Popes of this world", False),
    ("glued-prefix", "Nick Pope", "By XNick Pope", False),
    ("first-name-only", "Nick Pope", "Nick said the rule was final.", False),
    ("surname-as-title", "Nick Pope", "Pope Francis said on Sunday", False),
    ("reversed", "Nick Pope", "Pope Nick", False),
    ("no-space", "Nick Pope", "NickPope", False),
    ("hyphen-given-space-on-page", "Jean-Pierre Dupont", "By Jean Pierre Dupont", True),
    ("space-given-hyphen-on-page", "Jean Pierre Dupont", "By Jean-Pierre Dupont", True),
    ("hyphen-given-en-dash-on-page", "Mary Smith-Jones", "By Mary Smith\u2013Jones", True),
    ("straight-apostrophe-given-curly-on-page", "Jason O'Hara", "By Jason O\u2019Hara", True),
    ("curly-apostrophe-given-straight-on-page", "Jason O\u2019Hara", "By JASON O'HARA", True),
    ("apostrophe-given-none-on-page", "Jason O'Hara", "By Jason OHara", True),
    ("apostrophe-is-not-a-space", "Jason O'Hara", "By Jason O Hara", False),
    ("middle-initial-on-page", "John DeMastri", "By John H. DeMastri", True),
    ("middle-initial-without-dot", "John DeMastri", "By John H DeMastri", True),
    ("middle-name-on-page", "John DeMastri", "By John Henry DeMastri", True),
    ("initial-dot-given-none-on-page", "John H. DeMastri", "By John H DeMastri", True),
    ("initial-given-dot-on-page", "John H DeMastri", "By John H. DeMastri", True),
    ("diacritics-given-plain-on-page", "Élodie Dupré", "By ELODIE DUPRE", True),
    ("plain-given-diacritics-on-page", "Elodie Dupre", "By Élodie Dupré", True),
    ("sharp-s", "Anna Groß", "By Anna Gross", True),
    ("initials-with-dots", "J.D. Vance", "By J.D. Vance", True),
    ("initials-with-dots-and-space", "J.D. Vance", "By J. D. Vance", True),
    ("double-barrelled-surname-is-another-name", "Nick Pope", "By Nick Pope-Smith", False),
    ("backtick-apostrophe-on-page", "Jason O'Hara", "By Jason O`Hara", True),
]


@pytest.mark.parametrize(("name", "text", "found"), [c[1:] for c in NAME_CASES], ids=[c[0] for c in NAME_CASES])
def test_name_pattern(name: str, text: str, found: bool) -> None:
    pattern = name_pattern(name)
    assert pattern is not None
    assert bool(pattern.search(fold(text))) is found


@pytest.mark.parametrize("name", ["", "   ", "\u00a0", "..."], ids=["empty", "spaces", "nbsp", "dots"])
def test_name_pattern_of_no_name_is_none(name: str) -> None:
    assert name_pattern(name) is None


# ---------------------------------------------------------------------------------------------------------------
# alias_pattern: the licensor's names as whole words.

ALIAS_CASES = [
    # (id, text, found by the DCNF aliases)
    ("full-name", "By Nick Pope, Daily Caller News Foundation", True),
    ("with-article", "a reporter for the Daily Caller News Foundation.", True),
    ("upper-case", "DAILY CALLER NEWS FOUNDATION", True),
    ("acronym", "Max Keating, DCNF", True),
    ("acronym-in-parentheses", "Max Keating (DCNF)", True),
    ("nbsp-between-words", "Daily\u00a0Caller News\u00a0Foundation", True),
    ("line-break-between-words", "Daily Caller\nNews Foundation", True),
    ("the-daily-caller-is-not-dcnf", "By Nick Pope, The Daily Caller", False),
    ("daily-caller-alone", "first reported by Daily Caller", False),
    ("acronym-inside-a-word", "the DCNFX program", False),
    ("acronym-plural", "two DCNFs", False),
    ("hyphenated-words", "Daily-Caller-News-Foundation", False),
]


@pytest.mark.parametrize(("text", "found"), [c[1:] for c in ALIAS_CASES], ids=[c[0] for c in ALIAS_CASES])
def test_alias_pattern_dcnf(text: str, found: bool) -> None:
    assert bool(alias_pattern(DCNF).search(fold(text))) is found


def test_alias_pattern_prefers_the_longest_alias() -> None:
    match = alias_pattern(DCNF).search(fold("a reporter for The Daily Caller News Foundation"))
    assert match is not None and match.group() == "the daily caller news foundation"


@pytest.mark.parametrize("aliases", [[], ["", "  "]], ids=["no-aliases", "blank-aliases"])
def test_alias_pattern_without_names_matches_nothing(aliases: list[str]) -> None:
    pattern = alias_pattern(aliases)
    assert pattern.search("") is None
    assert pattern.search("daily caller news foundation dcnf") is None


# ---------------------------------------------------------------------------------------------------------------
# snippet: short evidence excerpts.

LONG = " ".join(f"word{i:03d}" for i in range(100))  # 799 characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [("By Nick Pope", "By Nick Pope"), ("  By \n Nick\u00a0\u00a0Pope  ", "By Nick Pope"), ("", "")],
    ids=["short-unchanged", "whitespace-squashed", "empty"],
)
def test_snippet_of_short_text_is_the_whole_text(text: str, expected: str) -> None:
    assert snippet(text) == expected


SNIPPET_CASES = [
    # (id, start, end, ellipsis before, ellipsis after)
    ("at-start", 0, 7, False, True),
    ("in-middle", 400, 407, True, True),
    ("at-end", 792, 799, True, False),
]


@pytest.mark.parametrize(
    ("start", "end", "before", "after"), [c[1:] for c in SNIPPET_CASES], ids=[c[0] for c in SNIPPET_CASES]
)
def test_snippet_of_long_text_is_cut_around_the_match(start: int, end: int, before: bool, after: bool) -> None:
    out = snippet(LONG, start, end, width=60)
    assert LONG[start:end] in out
    assert out.startswith("…") is before
    assert out.endswith("…") is after
    assert len(out.strip("…")) <= 60
    assert out.strip("…") in LONG
