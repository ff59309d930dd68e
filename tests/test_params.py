"""Check params: validated when a pack loads, every mistake refused with the rule and the param named."""

from __future__ import annotations

from typing import Any

import pytest
from ledger import (
    PATTERNS,
    pack,
)

from checker.pack import PackError


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
