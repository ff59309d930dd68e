"""What may be printed of a URL: :mod:`checker.redact` hides passwords and the values of secret parameters, in
URLs and in the sentences that quote them, and keeps everything else exactly as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import error_of, write

from checker.cli import check
from checker.cli_options import run_settings
from checker.redact import Redactor, redact_text, redact_url
from checker.report import Evidence, Report, RuleResult, Severity, Status

URL_CASES = [
    # (id, url, shown)
    (
        "password and secret params",
        "http://user:s3cret@host/page?token=SECRETTOKEN&key=K3Y&page=2",
        "http://user:***@host/page?token=***&key=***&page=2",
    ),
    ("user without password stays", "https://user@host/a", "https://user@host/a"),
    ("token as user name", "https://ghp_16Ab9xYzQ2wE4rT6y@host/a", "https://***@host/a"),
    ("empty password: nothing to hide", "https://user:@host/a", "https://user:@host/a"),
    ("password with @ and :", "https://us%40er:p@ss:w0rd@host/a", "https://us%40er:***@host/a"),
    ("no query", "https://host/a/b", "https://host/a/b"),
    ("no secret params", "https://host/a?page=2&sort=asc", "https://host/a?page=2&sort=asc"),
    (
        "names in any case",
        "https://host/a?Token=x&API_KEY=y&Signature=z",
        "https://host/a?Token=***&API_KEY=***&Signature=***",
    ),
    (
        "every built-in name",
        "https://host/?access_token=a&secret=b&sig=c&password=d&auth=e",
        "https://host/?access_token=***&secret=***&sig=***&password=***&auth=***",
    ),
    ("percent-encoded value", "https://host/a?token=a%2Fb%3D%3D&page=2", "https://host/a?token=***&page=2"),
    ("percent-encoded name", "https://host/a?tok%65n=abc&page=2", "https://host/a?tok%65n=***&page=2"),
    ("repeated param", "https://host/a?sig=1&page=2&sig=2", "https://host/a?sig=***&page=2&sig=***"),
    ("value-less param", "https://host/a?token&page=2", "https://host/a?token&page=2"),
    ("empty value", "https://host/a?token=&page=2", "https://host/a?token=&page=2"),
    ("value with =", "https://host/a?token=a=b=&page=2", "https://host/a?token=***&page=2"),
    ("semicolon separator", "https://host/a?page=2;key=k", "https://host/a?page=2;key=***"),
    ("fragment kept", "https://host/a?token=t#section-2", "https://host/a?token=***#section-2"),
    ("secret in fragment", "https://host/cb#access_token=t&state=s", "https://host/cb#access_token=***&state=s"),
    ("ipv6 host", "http://u:p4ss@[::1]:8080/a?key=k&page=2", "http://u:***@[::1]:8080/a?key=***&page=2"),
    ("bad ipv6 host", "http://u:p4ss@[::1/a?key=k", "http://u:***@[::1/a?key=***"),
    ("relative URL", "/page?token=t&page=2", "/page?token=***&page=2"),
    ("protocol-relative", "//u:p@host/a?auth=x", "//u:***@host/a?auth=***"),
    (
        "a name that only contains a secret name",
        "https://host/a?monkey=1&tokens=2&keyword=3",
        "https://host/a?monkey=1&tokens=2&keyword=3",
    ),
    ("a file path", "site/news/story.html", "site/news/story.html"),
]


@pytest.mark.parametrize(("url", "shown"), [case[1:] for case in URL_CASES], ids=[case[0] for case in URL_CASES])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown  # idempotent: redacting twice changes nothing


TEXT_CASES = [
    (
        "a URL in the middle of a sentence",
        "could not read http://user:s3cret@host/a?token=T&page=2 (connection refused)",
        "could not read http://user:***@host/a?token=***&page=2 (connection refused)",
    ),
    (
        "sentence punctuation after the URL",
        "see (https://host/a?key=K3Y). Then retry.",
        "see (https://host/a?key=***). Then retry.",
    ),
    (
        "a quoted URL",
        "invalid URL: 'http://u:pw@host:99999/a?sig=S' (port out of range)",
        "invalid URL: 'http://u:***@host:99999/a?sig=***' (port out of range)",
    ),
    (
        "urllib3's path and query",
        "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /a?token=T&key=K&page=2 "
        "(Caused by NewConnectionError('refused'))",
        "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /a?token=***&key=***&page=2 "
        "(Caused by NewConnectionError('refused'))",
    ),
    ("a bare pair", "sent token=abc, key=K.", "sent token=***, key=***."),
    (
        "two URLs",
        "http://a/?sig=1 redirected to https://b/?sig=2",
        "http://a/?sig=*** redirected to https://b/?sig=***",
    ),
    ("no URL", "the logo is missing: looked for img[alt*=DCNF]", "the logo is missing: looked for img[alt*=DCNF]"),
    ("other pairs stay", "width=100 height=20", "width=100 height=20"),
]


@pytest.mark.parametrize(("text", "shown"), [case[1:] for case in TEXT_CASES], ids=[case[0] for case in TEXT_CASES])
def test_redact_text(text: str, shown: str) -> None:
    assert redact_text(text) == shown
    assert redact_text(shown) == shown


def test_names_added_by_the_user_are_redacted_too() -> None:
    redactor = Redactor(["session", " X-Trace ", ""])
    assert (
        redactor.url("https://host/a?session=abc&x-trace=1&page=2") == "https://host/a?session=***&x-trace=***&page=2"
    )
    assert redactor.text("sent SESSION=abc") == "sent SESSION=***"
    assert redactor.url("https://host/a?token=t") == "https://host/a?token=***"  # the built-in names still apply
    assert redactor.extra == ("session", "X-Trace")
    assert redact_url("https://host/a?session=abc") == "https://host/a?session=abc"  # not a built-in name


def test_a_report_is_redacted_everywhere_a_url_can_be() -> None:
    secret = "http://user:s3cret@host/page?token=SECRETTOKEN&page=2"
    report = Report(
        target=secret,
        url=secret.replace("/page", "/final"),
        http_status=200,
        status=Status.FAIL,
        error=f"could not read {secret}",
        ruleset="dcnf",
        reporter="Nick Pope",
        reporter_source="given",
        original=secret.replace("/page", "/original"),
        rules=(
            RuleResult(
                "link",
                Status.FAIL,
                Severity.ERROR,
                "Link",
                f"links to {secret}",
                Evidence(where="a[href]", snippet=secret, looked_for=f"a link to {secret}", also=(secret,)),
            ),
        ),
    )
    text = str(Redactor().report(report).to_dict())
    assert "s3cret" not in text and "SECRETTOKEN" not in text
    assert text.count("user:***@") == 8 and "page=2" in text


def test_json_data_is_redacted_string_by_string() -> None:
    data = {"target": "https://u:pw@h/?key=k", "rules": [{"message": "token=t", "n": 3}], "ok": None}
    assert Redactor().data(data) == {
        "target": "https://u:***@h/?key=***",
        "rules": [{"message": "token=***", "n": 3}],
        "ok": None,
    }


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"session"', "must be a list of query parameter names"),
        ("[1]", "must be a list of query parameter names"),
        ('[""]', "must be a list of query parameter names"),
        ('["session=1"]', "is not a query parameter name"),
    ],
)
def test_config_redact_params_must_be_parameter_names(tmp_path: Path, value: str, says: str) -> None:
    message = error_of(tmp_path, f"redact_params = {value}\n")
    assert "'redact_params'" in message and says in message


def test_config_redact_params_add_to_the_command_line_names(tmp_path: Path) -> None:
    config = write(tmp_path / "repcheck.toml", 'redact_params = ["session", "sid"]\n')
    context = check.make_context("check", ["-c", str(config), "--redact-param", "trace", "--redact-param", "sid"])
    checker = run_settings(context).checker()
    assert checker.redactor.extra == ("session", "sid", "trace")
    assert checker.settings()["redact_params"] == ("session", "sid", "trace")  # audit worker processes get them too
