"""--fetch against a real local HTTP server: paging, a transient failure, HTTP errors, a malformed page."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

from jbz_cli.register import fetch

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/OData/v4/2.0/Toezegging"


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Back-off sleeps are recorded, not slept, so the suite stays quick."""
    delays: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", delays.append)
    return delays


def page(name: str, next_url: str | None) -> str:
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    doc.pop("@odata.nextLink", None)
    if next_url:
        doc["@odata.nextLink"] = next_url
    return json.dumps(doc)


def serve_two_pages(server: HTTPServer) -> None:
    second = server.url_for(PATH) + "?$skiptoken=3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e03"
    server.expect_request(PATH, query_string={"$filter": "Verwijderd eq false"}).respond_with_data(
        page("odata_page1.json", second), content_type="application/json"
    )
    server.expect_request(PATH, query_string={"$skiptoken": "3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e03"}).respond_with_data(
        page("odata_page2.json", None), content_type="application/json"
    )


def first_url(server: HTTPServer) -> str:
    return server.url_for(PATH) + "?$filter=Verwijderd eq false"


def test_fetch_follows_next_links_and_imports_every_page(invoke, tmp_path, httpserver: HTTPServer):
    serve_two_pages(httpserver)
    result = invoke("import", "tk", "--fetch", first_url(httpserver), "--records", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 8
    assert len(list((tmp_path / "tk").glob("*.toml"))) == 8


def test_one_transient_failure_is_retried_with_back_off(invoke, tmp_path, httpserver: HTTPServer, no_waiting):
    httpserver.expect_oneshot_request(
        PATH, query_string={"$skiptoken": "3f2c1a8e-5b7d-4c21-9a0e-1d2b3c4d5e03"}
    ).respond_with_data("busy", status=503)
    serve_two_pages(httpserver)
    result = invoke("import", "tk", "--fetch", first_url(httpserver), "--records", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 8
    assert no_waiting == [fetch.BACKOFF]
    assert result.stderr == ""


def test_an_http_error_is_one_clear_line_and_earlier_pages_are_kept(invoke, tmp_path, httpserver: HTTPServer):
    second = httpserver.url_for("/missing")
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json", second), content_type="application/json")
    httpserver.expect_request("/missing").respond_with_data("not here", status=404)
    result = invoke("import", "tk", "--fetch", first_url(httpserver), "--records", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"fetch: {second}: HTTP 404 NOT FOUND"
    assert len(list((tmp_path / "tk").glob("*.toml"))) == 3


def test_a_malformed_page_is_reported_and_ends_the_walk(invoke, tmp_path, httpserver: HTTPServer):
    second = httpserver.url_for("/broken")
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json", second), content_type="application/json")
    httpserver.expect_request("/broken").respond_with_data(
        '{"value": [{"Nummer": "TZ2025', content_type="application/json"
    )
    result = invoke("import", "tk", "--fetch", first_url(httpserver), "--records", str(tmp_path))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"page 2 ({second}): truncated JSON")
    assert len(list((tmp_path / "tk").glob("*.toml"))) == 3


def test_retries_give_up_after_the_last_attempt(httpserver: HTTPServer, no_waiting):
    httpserver.expect_request(PATH).respond_with_data("down", status=502)
    with httpx.Client(timeout=5) as client, pytest.raises(fetch.FetchError, match="gave up after 4 attempts"):
        list(fetch.walk(httpserver.url_for(PATH), client))
    assert no_waiting == [1.0, 2.0, 4.0]


def test_a_refused_connection_is_retried_then_reported():
    delays: list[float] = []
    with httpx.Client(timeout=1) as client, pytest.raises(fetch.FetchError, match="connection failed"):
        fetch.get_page(client, "http://127.0.0.1:9/", retries=1, backoff=0.5, sleep=delays.append)
    assert delays == [0.5]


def test_syncfeed_pages_follow_rel_next(httpserver: HTTPServer):
    feed = (FIXTURES / "syncfeed.xml").read_text(encoding="utf-8")
    first = feed.replace(
        "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/Feed?category=Toezegging&amp;skiptoken=2870001", "/feed2"
    )
    last = feed.replace('<link rel="next"', '<link rel="self"')
    httpserver.expect_request("/feed").respond_with_data(first, content_type="application/atom+xml")
    httpserver.expect_request("/feed2").respond_with_data(last, content_type="application/atom+xml")
    with httpx.Client(timeout=5) as client:
        pages = list(fetch.walk(httpserver.url_for("/feed"), client))
    assert [p.url for p in pages] == [httpserver.url_for("/feed"), httpserver.url_for("/feed2")]
    assert all(len(p.parsed.entries) == 3 for p in pages)


def test_a_next_link_that_loops_stops_the_walk_and_says_so(httpserver: HTTPServer):
    url = httpserver.url_for(PATH)
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json", url), content_type="application/json")
    pages = []
    with httpx.Client(timeout=5) as client, pytest.raises(fetch.FetchError, match="leads back to page 1"):
        for one in fetch.walk(url, client):
            pages.append(one)
    assert len(pages) == 1
