"""`jbz site` against a hostile or broken folder: an edited manifest never deletes anything outside the site, and
odd output paths or options give one line and exit 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BUNDLED = Path(__file__).parents[2] / "records"
AS_OF = "2026-07-01"


def build(jbz, out: str | Path, *more: str, cwd: Path):
    return jbz("site", "--records", str(BUNDLED), "--as-of", AS_OF, "--no-search", "-o", str(out), *more, cwd=cwd)


def one_error_line(result) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_an_edited_manifest_never_deletes_outside_the_site(jbz, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(jbz, site, cwd=tmp_path).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.html").write_text("mine", encoding="utf-8")
    (site / "link").symlink_to(elsewhere)
    (site / "topics-link").symlink_to(elsewhere, target_is_directory=True)
    with (site / ".jbz-site").open("a", encoding="utf-8") as manifest:
        manifest.write(f"../victim.txt\n{victim}\nlink/keep.html\ntopics-link\n./../victim.txt\n")
    result = build(jbz, site, cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "mine"
    assert (elsewhere / "keep.html").read_text(encoding="utf-8") == "mine"
    assert (site / "link").is_symlink() and (site / "topics-link").is_symlink()
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and ".jbz-site" in warnings[0]


def test_a_site_folder_under_a_file_is_one_line(jbz, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert "afile" in one_error_line(build(jbz, tmp_path / "afile" / "sub", cwd=tmp_path))


def test_a_manifest_that_is_not_utf8_is_one_line(jbz, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(jbz, site, cwd=tmp_path).returncode == 0
    (site / ".jbz-site").write_bytes(b"# x\n\xff\xfe.html\n")
    assert ".jbz-site" in one_error_line(build(jbz, site, cwd=tmp_path))


def test_a_dangling_link_as_the_folder_is_named_so(jbz, tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert "dangling" in one_error_line(build(jbz, tmp_path / "gone", cwd=tmp_path))


@pytest.mark.parametrize("option", ["--title", "--base-url"])
def test_undecodable_bytes_in_an_option_are_one_line(jbz, tmp_path: Path, option: str) -> None:
    value = os.fsdecode(b"bad\xffvalue")
    assert option in one_error_line(build(jbz, tmp_path / "site", option, value, cwd=tmp_path))


@pytest.mark.parametrize("name", ["-weird", "./-weird", os.fsdecode(b"bad\xffname")])
def test_an_odd_folder_name_still_gets_its_search_index(jbz, tmp_path: Path, name: str) -> None:
    result = jbz("site", "--records", str(BUNDLED), "--as-of", AS_OF, f"--output={name}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    folder = tmp_path / name
    if "pagefind was not found" in result.stderr.decode("utf-8", "replace"):
        pytest.skip("pagefind is not installed")
    assert (folder / "pagefind" / "pagefind.js").is_file()
    assert (folder / "index.html").is_file()


def links_of(page: Path) -> list[str]:
    import re

    return re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))


def test_odd_record_ids_link_to_their_pages(jbz, tmp_path: Path) -> None:
    import html
    import shutil
    from urllib.parse import unquote, urlsplit

    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    folder = records / "32317-987"
    model = sorted(folder.glob("*.toml"))[0]
    odd = ["a#b", "q?x", "pct%41", "Inspect Me"]
    for name in odd:
        shutil.copy(model, folder / f"{name}.toml")
    site = tmp_path / "site"
    result = jbz("site", "--records", str(records), "--as-of", AS_OF, "--no-search", "-o", str(site), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr.decode()
    for name in odd:
        assert (site / "records" / f"{name}.html").is_file()
    listing = site / "records.html"
    hrefs = [html.unescape(h) for h in links_of(listing)]
    for name in odd:
        assert any(unquote(urlsplit(h).path) == f"records/{name}.html" for h in hrefs), name
    for h in hrefs:
        parts = urlsplit(h)
        if not parts.scheme and parts.path:
            assert (listing.parent / unquote(parts.path)).is_file(), h


def test_control_and_bidi_characters_never_reach_a_page_raw(jbz, tmp_path: Path) -> None:
    import re
    import shutil

    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    path = records / "32317-987" / "ebsp-negotiations-end-2026.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^title = "', r'title = "Bell\\u0007 Esc\\u001b[2J Soh\\u0001 ', text, count=1, flags=re.M)
    text = re.sub(r'^summary = "', r'summary = "evil\\u202egnp.exe ', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    args = ("--records", str(records), "--as-of", AS_OF, "--no-search", "-o", str(site))
    result = jbz("site", *args, "--title", "Tracker\x07\x1b[31m", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr.decode()
    for page in ("records/ebsp-negotiations-end-2026.html", "records.html", "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", html), page
    record = (site / "records" / "ebsp-negotiations-end-2026.html").read_text(encoding="utf-8")
    assert "Bell Esc[2J Soh " in record  # dropped, as the feed drops them
    assert "evil\\u202egnp.exe" in record  # the override shown, so it cannot reorder the text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/jbz?x=1",
        "https://example.org/jbz#top",
        "https://example.org/my site",
        'https://example.org/"onload="x',
        "https://example.org/a\nb",
        "https://",
        "ftp://example.org/",
        " https://example.org/",
    ],
)
def test_a_base_url_must_be_a_plain_web_address(jbz, tmp_path: Path, url: str) -> None:
    assert "--base-url" in one_error_line(build(jbz, tmp_path / "site", "--base-url", url, cwd=tmp_path))
    assert not (tmp_path / "site").exists()


def test_a_plain_base_url_is_used(jbz, tmp_path: Path) -> None:
    assert build(jbz, tmp_path / "site", "--base-url", "https://example.org/jbz", cwd=tmp_path).returncode == 0
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/jbz/index.html"' in front


def test_a_new_spelling_of_a_name_never_moves_the_existing_page(jbz, tmp_path: Path) -> None:
    import re
    import shutil

    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    site = tmp_path / "site"
    args = ("--records", str(records), "--as-of", AS_OF, "--no-search", "-o", str(site))
    assert jbz("site", *args, cwd=tmp_path).returncode == 0

    def pages_of(name: str) -> set[str]:
        heading = f"<h1>Actor: {name}</h1>"
        return {p.name for p in (site / "actors").glob("*.html") if heading in p.read_text(encoding="utf-8")}

    before = pages_of("European Commission")
    assert len(before) == 1
    model = records / "32317-987" / "ebsp-negotiations-end-2026.toml"
    text = re.sub(r'^actor = ".*"$', 'actor = "EUROPEAN COMMISSION"', model.read_text(encoding="utf-8"), flags=re.M)
    (model.parent / "shouted-actor.toml").write_text(text, encoding="utf-8")
    assert jbz("site", *args, cwd=tmp_path).returncode == 0
    assert pages_of("European Commission") == before
    assert len(pages_of("EUROPEAN COMMISSION")) == 1 and pages_of("EUROPEAN COMMISSION") != before


def test_only_web_links_go_into_the_calendar(jbz, tmp_path: Path) -> None:
    import re
    import shutil

    records = tmp_path / "records"
    shutil.copytree(BUNDLED, records)
    path = records / "32317-987" / "ebsp-negotiations-end-2026.toml"
    text = re.sub(r'^url = ".*"$', 'url = "javascript:alert(1)"', path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    args = ("--records", str(records), "--as-of", AS_OF)
    assert jbz("site", *args, "--no-search", "-o", str(site), cwd=tmp_path).returncode in (0, 1)
    exported = jbz("export", "ics", *args, cwd=tmp_path)
    for calendar in ((site / "calendar.ics").read_bytes(), exported.stdout):
        urls = [line for line in calendar.decode("utf-8").splitlines() if line.startswith("URL")]
        assert urls and all(re.match(r"URL[^:]*:https?://", line) for line in urls), urls
        assert b"ebsp-negotiations-end-2026" in calendar  # the event is still there, without the link
