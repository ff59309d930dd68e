"""The ``logo`` rule with reference logos: the fixture pages of fixtures/logo-pixels/ served over loopback with images
drawn here (the DCNF stand-in logo, a copy of it, a photo), checked with ``check`` and ``audit``."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from logo_extra import require_logo_extra
from server import LoopbackServer

require_logo_extra()

from logo_images import draw, encode, flatten, logos, photo  # noqa: E402

from checker.cli import main  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "logo-pixels"
DCNF = logos(4, seed=3)[0]


def _copy_as_uploaded() -> bytes:
    """The logo as a partner uploaded it: flattened on white, half size, re-saved."""
    image = flatten(draw(DCNF), (255, 255, 255))
    return encode(image.resize((image.width // 2, image.height // 2)), "PNG")


@pytest.fixture
def site(server: LoopbackServer, tmp_path: Path) -> tuple[LoopbackServer, Path]:
    for page in FIXTURES.glob("*.html"):
        server.add(f"/story/{page.name}", page.read_text(encoding="utf-8"))
    server.add("/story/IMG_2231.png", _copy_as_uploaded(), content_type="image/png")
    server.add("/story/dcnf-logo.png", encode(photo(random.Random(4)), "PNG"), content_type="image/png")
    reference = tmp_path / "dcnf-reference.png"
    reference.write_bytes(encode(draw(DCNF), "PNG"))
    return server, reference


def _logo(args: list[str]) -> dict[str, str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--reporter", "Nick Pope", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)[0]
    rule = next(r for r in report["rules"] if r["id"] == "logo")
    return {"status": rule["status"], "message": rule["message"], "evidence": json.dumps(rule.get("evidence"))}


CASES = {
    # page: (status with the reference, what the message says, status without a reference)
    "matching-unnamed.html": ("pass", "matches the reference logo", "fail"),
    "named-not-alike.html": ("pass", "named as the logo but does not look like the reference", "pass"),
    "tiny-match.html": ("fail", "smaller than 40 px", "fail"),
    "hidden-match.html": ("fail", "no Daily Caller News Foundation logo", "fail"),
}


@pytest.mark.parametrize("page", CASES, ids=list(CASES))
def test_logo_verdict_by_pixels(page: str, site: tuple[LoopbackServer, Path]) -> None:
    server, reference = site
    status, says, without = CASES[page]
    url = server.url(f"/story/{page}")
    found = _logo([url, "--logo-reference", str(reference)])
    assert (found["status"], says in found["message"]) == (status, True), found
    assert _logo([url])["status"] == without


def test_a_match_names_the_image_its_size_and_score(site: tuple[LoopbackServer, Path]) -> None:
    server, reference = site
    found = _logo([server.url("/story/matching-unnamed.html"), "--logo-reference", str(reference)])
    assert "IMG_2231.png" in found["message"] and " px" in found["message"] and "score" in found["message"]


def test_reference_given_as_url_in_a_pack_and_by_the_original(
    site: tuple[LoopbackServer, Path], tmp_path: Path
) -> None:
    server, reference = site
    server.add("/brand/logo.png", reference.read_bytes(), content_type="image/png")
    pack = (FIXTURES.parent.parent / "rules" / "dcnf.toml").read_text(encoding="utf-8")
    pack = pack.replace("[pack]\n", f'[pack]\nlogo_reference = ["{server.url("/brand/logo.png")}"]\n', 1)
    (tmp_path / "dcnf-with-logo.toml").write_text(pack, encoding="utf-8")
    page = server.url("/story/matching-unnamed.html")
    assert _logo([page, "--rules", str(tmp_path / "dcnf-with-logo.toml")])["status"] == "pass"

    original = (
        '<html><body><header><img src="/brand/logo.png" alt="Daily Caller News Foundation"></header>'
        "<article><h1>Grid warns</h1><p>By Nick Pope</p><p>Text of the original.</p></article></body></html>"
    )
    server.add("/original", original)
    assert _logo([page, "--original", server.url("/original")])["status"] == "pass"


def test_audit_compares_images_too(site: tuple[LoopbackServer, Path], tmp_path: Path) -> None:
    server, reference = site
    out = tmp_path / "out.jsonl"
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(server.url(f"/story/{p}\n") for p in ("matching-unnamed.html", "tiny-match.html")))
    args = ["audit", str(urls), "-o", str(out), "-q", "--reporter", "Nick Pope", "--logo-reference", str(reference)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    found = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        found[report["target"].rsplit("/", 1)[-1]] = next(r["status"] for r in report["rules"] if r["id"] == "logo")
    assert found == {"matching-unnamed.html": "pass", "tiny-match.html": "fail"}


def test_an_image_shown_on_many_pages_is_fetched_once_per_run(site: tuple[LoopbackServer, Path]) -> None:
    server, reference = site
    pages = [server.url(f"/story/{page}") for page in ("matching-unnamed.html", "tiny-match.html")]
    found = _logo([*pages, "--logo-reference", str(reference)])
    assert found["status"] == "pass"
    fetched = [r.path for r in server.requests_seen if r.path.endswith("IMG_2231.png")]
    assert fetched == ["/story/IMG_2231.png"]


def test_once_a_logo_matches_the_photos_are_not_fetched(site: tuple[LoopbackServer, Path]) -> None:
    """Images that look like logo files (PNG, SVG, GIF, WebP) are compared first; a large enough match ends the
    look, so a page's JPEG photos cost nothing. A page without the logo still has every photo compared."""
    server, reference = site
    rng = random.Random(9)
    photos = "".join(f'<p><img src="/photos/{i}.jpg" alt="" width="600" height="400"></p>' for i in range(4))
    for i in range(4):
        server.add(f"/photos/{i}.jpg", encode(photo(rng), "JPEG"), content_type="image/jpeg")
    fixture = (FIXTURES / "matching-unnamed.html").read_text(encoding="utf-8")
    server.add("/story/with-photos.html", fixture.replace('<figure class="wp-block-image">', photos + "<figure>", 1))
    without_logo = fixture.replace("IMG_2231.png", "missing.png").replace('<figure class="wp-block-image">', photos, 1)
    server.add("/story/photos-only.html", without_logo)

    found = _logo([server.url("/story/with-photos.html"), "--logo-reference", str(reference)])
    assert found["status"] == "pass" and "IMG_2231.png" in found["message"], found
    assert not [r.path for r in server.requests_seen if r.path.startswith("/photos/")]

    found = _logo([server.url("/story/photos-only.html"), "--logo-reference", str(reference)])
    assert found["status"] == "fail", found
    assert sorted(r.path for r in server.requests_seen if r.path.startswith("/photos/")) == [
        f"/photos/{i}.jpg" for i in range(4)
    ]


def test_the_same_image_under_another_name_is_compared_once(
    site: tuple[LoopbackServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site that uploads its copy of the logo again for each story serves the same bytes under many names: each
    name is fetched (the bytes are not known before), the pixels are compared once, and each page names its own."""
    from checker.logo_match import looking

    server, reference = site
    fixture = (FIXTURES / "matching-unnamed.html").read_text(encoding="utf-8")
    copy = _copy_as_uploaded()
    for i in range(3):
        server.add(f"/story/upload-{i}.png", copy, content_type="image/png")
        server.add(f"/story/uploaded-{i}.html", fixture.replace("IMG_2231.png", f"upload-{i}.png"))
    compared: list[str] = []
    real = looking.fingerprint_bytes
    monkeypatch.setattr(looking, "fingerprint_bytes", lambda data: compared.append("x") or real(data))
    pages = [server.url(f"/story/uploaded-{i}.html") for i in range(3)]
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--reporter", "Nick Pope", *pages, "--logo-reference", str(reference)]
    )
    reports = json.loads(result.stdout)
    for i, report in enumerate(reports):
        logo = next(r for r in report["rules"] if r["id"] == "logo")
        assert logo["status"] == "pass" and f"upload-{i}.png" in logo["message"], logo
    assert len([r for r in server.requests_seen if "/story/upload-" in r.path]) == 3
    assert len(compared) == 2  # the reference, then the copy once


def test_the_config_names_references_per_pack(site: tuple[LoopbackServer, Path], tmp_path: Path) -> None:
    """``[logo_reference]`` in the config: per pack id, paths relative to the config file. Another pack's
    references are not this pack's; ``--logo-reference`` with ``--rules auto`` is refused (it names one
    licensor's logo, auto picks the licensor per page)."""
    server, reference = site
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(reference.read_bytes())
    page = server.url("/story/matching-unnamed.html")
    config = tmp_path / "repcheck.toml"

    config.write_text('[logo_reference]\ndcnf = ["brand/logo.png"]\n', encoding="utf-8")
    assert _logo([page, "-c", str(config)])["status"] == "pass"

    config.write_text('[logo_reference]\npropublica = ["brand/logo.png"]\n', encoding="utf-8")
    assert _logo([page, "-c", str(config)])["status"] == "fail"

    config.write_text('[logo_reference]\ndcnf = "brand/logo.png"\n', encoding="utf-8")
    bad = CliRunner().invoke(main, ["check", page, "-c", str(config)])
    assert bad.exit_code == 2 and "'logo_reference.dcnf' must be a list" in bad.output, bad.output

    refused = CliRunner().invoke(main, ["check", page, "--rules", "auto", "--logo-reference", str(reference)])
    assert refused.exit_code == 2 and "[logo_reference]" in refused.output, refused.output
    config.write_text('[logo_reference]\ndcfn = ["brand/logo.png"]\n', encoding="utf-8")
    typo = CliRunner().invoke(main, ["check", page, "-c", str(config)])
    assert typo.exit_code == 2 and "no such pack (did you mean 'dcnf'?" in typo.output, typo.output


def test_render_compares_what_the_browser_drew(site: tuple[LoopbackServer, Path]) -> None:
    """With --render, the images' boxes are compared as Chromium drew them: a logo drawn by a stylesheet as a
    CSS background (no <img>) passes, its evidence saying so; statically it cannot be seen, and fails."""
    from browser import unavailable

    reason = unavailable()
    if reason is not None:
        if os.environ.get("REPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    server, reference = site
    page = server.url("/story/css-background.html")
    assert _logo([page, "--logo-reference", str(reference)])["status"] == "fail"
    found = _logo([page, "--render", "--logo-reference", str(reference)])
    assert found["status"] == "pass", found
    assert "IMG_2231.png (as drawn)" in found["message"] and "matches the reference logo" in found["message"], found
    hidden = _logo([server.url("/story/hidden-match.html"), "--render", "--logo-reference", str(reference)])
    assert hidden["status"] == "fail", hidden


def test_a_reference_that_cannot_be_read_is_never_silent(site: tuple[LoopbackServer, Path], tmp_path: Path) -> None:
    """A reference file that is not there stops the run before any page (exit 2); a reference URL that fails is
    named in every logo verdict as a warning, the page judged by its images' names."""
    server, _reference = site
    page = server.url("/story/matching-unnamed.html")
    missing = CliRunner().invoke(main, ["check", page, "--logo-reference", str(tmp_path / "nope.png")])
    assert missing.exit_code == 2 and "nope.png: no such file" in missing.output, missing.output

    found = _logo([page, "--logo-reference", server.url("/brand/gone.png")])
    assert found["status"] == "fail", found
    assert "warning: logo reference" in found["message"] and "gone.png" in found["message"], found
    assert "404" in found["message"], found


def test_an_audit_fetches_images_within_the_per_host_limit_over_all_its_processes(
    hosts: list[LoopbackServer], tmp_path: Path
) -> None:
    """Pages are checked by several worker processes at once, each fetching its page's images: the limit of
    requests at once to the host serving the images is counted over all of them, not per process."""
    site, images = hosts[0], hosts[1]
    reference = tmp_path / "reference.png"
    reference.write_bytes(encode(draw(DCNF), "PNG"))
    fixture = (FIXTURES / "matching-unnamed.html").read_text(encoding="utf-8").replace("IMG_2231.png", "gone.png")
    rng = random.Random(5)
    urls = []
    for page in range(8):
        tags = ""
        for k in range(3):
            jpeg = encode(photo(rng), "JPEG")
            path = images.add(f"/photos/{page}-{k}.jpg", jpeg, content_type="image/jpeg", delay=0.1)
            tags += f'<p><img src="{path}" alt="" width="600" height="400"></p>'
        urls.append(site.add(f"/story/{page}.html", fixture.replace('<figure class="wp-block-image">', tags, 1)))
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["audit", str(listing), "-o", str(out), "-q", "--reporter", "Nick Pope", "--logo-reference", str(reference)]
    result = CliRunner().invoke(main, [*args, "--processes", "3", "--jobs", "6", "--per-host", "2"])
    assert result.exit_code == 1, result.output
    logo = [next(r for r in json.loads(line)["rules"] if r["id"] == "logo") for line in out.read_text().splitlines()]
    assert [r["status"] for r in logo] == ["fail"] * 8
    assert len([r for r in images.requests_seen if r.path.startswith("/photos/")]) == 24
    assert images.peak_in_flight == 2  # images were fetched side by side, never more than --per-host at once
