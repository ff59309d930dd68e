"""Check params: validated when a pack loads, every mistake refused with the rule and the param named."""

from __future__ import annotations

from typing import Any

import pytest
from ledger import PATTERNS, pack

from checker.checks import CHECKS
from checker.pack import PackError, parse_pack


@pytest.mark.parametrize(
    ("rule", "wanted"),
    [
        (
            {"check": "credit", "params": {"patterns": ["republished (from"]}},
            'bad regular expression "republished (from"',
        ),
        ({"check": "pixel", "params": {"patterns": ["count\\.gif", "[unclosed"]}}, "bad regular expression"),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "position": 1}},
            'param "position" must be one of "anywhere", "top", "end"',
        ),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "position": "middle"}},
            'param "position" must be one of "anywhere", "top", "end" (got "middle")',
        ),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "link_to": "home"}},
            'param "link_to" must be one of "none", "original", "licensor", "original-or-licensor" (got "home")',
        ),
        ({"check": "link", "params": {"to": "sideways"}}, 'param "to" must be one of "original"'),
        ({"check": "credit", "params": {"patterns": PATTERNS, "within": "3"}}, 'param "within" must be an integer'),
        ({"check": "link", "params": {"to": "original", "where": "top"}}, 'unknown param "where" for check "link"'),
        ({"check": "canonical", "params": {"accept_licensor_domain": "yes"}}, "must be true or false"),
        ({"check": "pixel", "params": {"kinds": "img"}}, 'param "kinds" must be a list of strings'),
        ({"check": "pixel", "params": {"label": "the pixel"}}, 'missing param "patterns"'),
        ({"check": "text", "params": {"label": "the notice"}}, "sets neither phrases nor patterns"),
        ({"check": "affiliation", "params": {"stack": -1}}, 'param "stack" must be at least 0 (got -1)'),
        ({"check": "unaltered", "params": {"threshold": -0.5}}, 'param "threshold" must be from 0 to 1 (got -0.5)'),
    ],
)
def test_pack_refuses_bad_params_of_the_new_checks(rule: dict[str, Any], wanted: str) -> None:
    with pytest.raises(PackError) as info:
        pack({"id": "bad", **rule})
    assert wanted in str(info.value) and 'rule "bad"' in str(info.value)


def test_a_bad_choice_is_refused_when_the_pack_loads_not_when_a_page_is_checked() -> None:
    with pytest.raises(PackError) as info:
        pack({"id": "credit", "check": "credit", "params": {"patterns": PATTERNS, "position": "middle"}})
    assert 'rule "credit": param "position" must be one of "anywhere", "top", "end" (got "middle")' in str(info.value)


# ---------------------------------------------------------------------------------------------------------------
# The checks' user documentation, rendered from their code


def test_describe_checks_renders_every_check_with_its_params() -> None:
    from checker.checks import describe_checks

    text = describe_checks()
    for name, spec in CHECKS.items():
        assert f"{name}: {spec.summary}" in text
        for param in spec.params:
            assert f"  {param.name} (" in text, (name, param.name)
    assert 'position (a string; one of anywhere, top, end; default "anywhere")' in text
    assert "within (an integer; at least 1; default 3)" in text
    assert "threshold (a number; from 0 to 1; default 0.95)" in text
    assert "patterns (a list of regular expressions (strings); required)" in text
    assert "(at least one of phrases, patterns must be set)" in text


def test_describe_checks_of_some_checks_in_the_order_given() -> None:
    from checker.checks import describe_checks

    text = describe_checks(["pixel", "byline"])
    assert text.index("pixel: ") < text.index("byline: ") and "credit: " not in text
    assert "Params: none" in text  # byline has none
    with pytest.raises(KeyError, match='unknown check "nope"'):
        describe_checks(["nope"])


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_checks_documented_example_is_a_valid_rule(name: str) -> None:
    """The example rule in each check's docstring loads as a pack's rule would."""
    import inspect
    import re
    import tomllib

    doc = inspect.getmodule(CHECKS[name].run).__doc__ or ""
    example = re.search(r"Example::\n\n((?:    .*\n|\n)+)", doc)
    assert example is not None, f"the {name} check's docstring has no example rule"
    rule = tomllib.loads(inspect.cleandoc(example.group(1)))["rules"][0]
    assert rule["check"] == name
    head = {"id": "doc", "name": "The Conversation", "terms": "Credit us."}
    assert parse_pack({"pack": head, "rules": [rule]}, f"{name} docstring").rules[0].check == name
