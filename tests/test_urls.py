"""checker.urls: URLs normalised and compared, as the link checks compare them."""

from __future__ import annotations

import pytest

from checker.urls import domain_of, normalise, on_domain, same_article


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://theconversation.com/a-story-1", "https://theconversation.com/a-story-1"),
        ("http://theconversation.com/a-story-1", "https://theconversation.com/a-story-1"),
        ("HTTPS://WWW.TheConversation.com/a-story-1/", "https://theconversation.com/a-story-1"),
        ("https://theconversation.com:443/a-story-1#comments", "https://theconversation.com/a-story-1"),
        ("http://theconversation.com:80/a-story-1", "https://theconversation.com/a-story-1"),
        ("https://example.org:8080/a", "https://example.org:8080/a"),
        ("https://example.org/a?utm_source=x&utm_medium=email&b=2&a=1", "https://example.org/a?a=1&b=2"),
        (
            "https://example.org/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&cmpid=6&ocid=7&_ga=8",
            "https://example.org/a",
        ),
        ("https://example.org/a?UTM_Campaign=x&page=2", "https://example.org/a?page=2"),
        ("https://example.org/", "https://example.org"),
        ("https://example.org", "https://example.org"),
        ("//example.org/a/", "https://example.org/a"),
        ("  https://example.org/A/b/  ", "https://example.org/A/b"),  # paths keep their case
        ("mailto:news@example.org", "mailto:news@example.org"),
    ],
)
def test_normalise(url: str, expected: str) -> None:
    assert normalise(url) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.org/story/?utm_source=tw", "http://example.org/story", True),
        ("https://example.org/story#top", "https://example.org/story/", True),
        ("https://example.org/story?id=1&x=2", "https://example.org/story?x=2&id=1", True),
        ("https://example.org/story?id=1", "https://example.org/story?id=2", False),
        ("https://example.org/story", "https://example.org/story-2", False),
        ("https://a.example.org/story", "https://example.org/story", False),
        ("", "https://example.org/story", False),
        (None, None, False),
    ],
)
def test_same_article(a: str | None, b: str | None, same: bool) -> None:
    assert same_article(a, b) is same


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.TheConversation.com/us", "theconversation.com"),
        ("http://counter.theconversation.com:8080/x", "counter.theconversation.com"),
        ("theconversation.com", "theconversation.com"),
        ("www.example.org/a", "example.org"),
        ("", ""),
        (None, ""),
    ],
)
def test_domain_of(url: str | None, domain: str) -> None:
    assert domain_of(url) == domain


@pytest.mark.parametrize(
    ("url", "domains", "on"),
    [
        ("https://theconversation.com/us", ["theconversation.com"], True),
        ("https://www.theconversation.com/us", ["theconversation.com"], True),
        ("https://counter.theconversation.com/c.gif", ["theconversation.com"], True),
        ("https://theconversation.com/us", ["https://www.theconversation.com"], True),
        ("https://nottheconversation.com/us", ["theconversation.com"], False),
        ("https://theconversation.com.evil.example/us", ["theconversation.com"], False),
        ("https://example.org/", [], False),
        ("/relative/path", ["theconversation.com"], False),
    ],
)
def test_on_domain(url: str, domains: list[str], on: bool) -> None:
    assert on_domain(url, domains) is on
