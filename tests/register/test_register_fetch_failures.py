"""--fetch when the server or the links misbehave: one line naming the URL, earlier pages kept, never a traceback.

Every server here is local (pytest-httpserver) or an httpx MockTransport; waits are recorded, not slept.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from jbz_cli.register import fetch

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/OData/v4/2.0/Toezegging"


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    delays: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", delays.append)
    return delays


def page(name: str, next_url: object = None) -> str:
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    doc.pop("@odata.nextLink", None)
    if next_url is not None:
        doc["@odata.nextLink"] = next_url
    return json.dumps(doc)


def fetch_import(invoke, url: str, records: Path):
    return invoke("import", "tk", "--fetch", url, "--records", str(records))


def imported(records: Path) -> int:
    return len(list((records / "tk").glob("*.toml")))


def first_page_then(server: HTTPServer, next_url: object) -> str:
    server.expect_request(PATH).respond_with_data(page("odata_page1.json", next_url), content_type="application/json")
    return server.url_for(PATH)


def test_a_redirect_loop_is_one_line_and_the_first_page_is_kept(invoke, tmp_path, httpserver: HTTPServer):
    loop = httpserver.url_for("/loop")
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    result = fetch_import(invoke, first_page_then(httpserver, loop), tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"fetch: {loop}: too many redirects (a redirect loop?)"]
    assert imported(tmp_path) == 3


def test_an_undecodable_body_is_one_line_and_the_first_page_is_kept(invoke, tmp_path, httpserver: HTTPServer):
    bad = httpserver.url_for("/gzip")
    httpserver.expect_request("/gzip").respond_with_data(
        b"not gzip at all", headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )
    result = fetch_import(invoke, first_page_then(httpserver, bad), tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"fetch: {bad}: the response could not be decoded (DecodingError)"]
    assert imported(tmp_path) == 3


@pytest.mark.parametrize(
    ("error", "attempts"),
    [
        (httpx.TooManyRedirects("loop"), 1),
        (httpx.UnsupportedProtocol("gopher"), 1),
        (httpx.InvalidURL("bad"), 1),
        (httpx.DecodingError("gzip"), 1),
        (httpx.LocalProtocolError("h11"), 1),
        (httpx.ProxyError("proxy"), 1),
        (httpx.RemoteProtocolError("server disconnected"), 4),
        (httpx.ReadError("reset"), 4),
        (httpx.ConnectTimeout("slow"), 4),
        (httpx.ReadTimeout("slow"), 4),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_every_httpx_failure_becomes_one_fetch_error_naming_the_url(error: Exception, attempts: int):
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise error

    waits: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(fetch.FetchError) as caught:
        fetch.get_page(client, "https://example.org/page", sleep=waits.append)
    message = str(caught.value)
    assert message.startswith("https://example.org/page: ") and "\n" not in message
    assert len(calls) == attempts  # only transient failures are tried again


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.org/x", "file:///etc/passwd", "notaurl", "http://"])
def test_a_fetch_url_that_cannot_be_fetched_is_a_usage_error_at_once(invoke, tmp_path, url):
    result = fetch_import(invoke, url, tmp_path)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"jbz: error: --fetch {url!r}: ")
    assert "connection failed" not in line
    assert not (tmp_path / "tk").exists()


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("ftp://example.org/next", "ftp: URL"),
        ("http://[::1", "not a valid URL"),
        (42, "@odata.nextLink is a number, not a URL"),
        ([], "@odata.nextLink is a list, not a URL"),
    ],
)
def test_a_bad_next_link_stops_with_one_line_and_keeps_the_page(invoke, tmp_path, httpserver, link, says):
    url = first_page_then(httpserver, link)
    result = fetch_import(invoke, url, tmp_path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"fetch: {url}: ") and says in line and line.endswith("stopped after page 1")
    assert imported(tmp_path) == 3


def test_a_cycle_of_pages_stops_with_one_line(invoke, tmp_path, httpserver: HTTPServer):
    first, second = httpserver.url_for(PATH), httpserver.url_for("/second")
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json", second), content_type="application/json")
    httpserver.expect_request("/second").respond_with_data(
        page("odata_page2.json", first), content_type="application/json"
    )
    result = fetch_import(invoke, first, tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"fetch: {second}: next link leads back to page 1; stopped after page 2"]
    assert imported(tmp_path) == 8


def test_a_server_that_drips_bytes_is_given_up_on_at_the_deadline(invoke, tmp_path, httpserver, monkeypatch):
    monkeypatch.setattr(fetch, "DEADLINE", 0.2)

    def drip(_request: Request) -> Response:
        pause = threading.Event()  # time.sleep is replaced by the fixture; the server waits on an Event

        def body() -> Iterator[bytes]:
            for _ in range(30):
                pause.wait(0.05)
                yield b" "

        return Response(body(), content_type="application/json")

    slow = httpserver.url_for("/slow")
    httpserver.expect_request("/slow").respond_with_handler(drip)
    result = fetch_import(invoke, first_page_then(httpserver, slow), tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"fetch: {slow}: the page took longer than 0.2 seconds to arrive; stopped"]
    assert imported(tmp_path) == 3


def test_a_page_over_the_size_cap_is_refused(httpserver: HTTPServer, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json"), content_type="application/json")
    with httpx.Client() as client, pytest.raises(fetch.FetchError, match="larger than 1,000 bytes"):
        fetch.get_page(client, httpserver.url_for(PATH))


def test_a_long_retry_after_is_not_waited_for(invoke, tmp_path, httpserver: HTTPServer, no_waiting):
    httpserver.expect_request(PATH).respond_with_data("busy", status=429, headers={"Retry-After": "3600"})
    result = fetch_import(invoke, httpserver.url_for(PATH), tmp_path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "the server asks to wait 3600 seconds, more than 60 seconds in all; gave up" in line
    assert no_waiting == []


def test_a_retry_after_wait_is_announced_on_stderr(invoke, tmp_path, httpserver: HTTPServer, no_waiting):
    httpserver.expect_oneshot_request(PATH).respond_with_data("busy", status=429, headers={"Retry-After": "5"})
    httpserver.expect_request(PATH).respond_with_data(page("odata_page1.json"), content_type="application/json")
    result = fetch_import(invoke, httpserver.url_for(PATH), tmp_path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"fetch: {httpserver.url_for(PATH)}: HTTP 429 TOO MANY REQUESTS; waiting 5 seconds as the server asks "
        "(Retry-After)"
    ]
    assert no_waiting == [5.0]
    assert imported(tmp_path) == 3


def test_each_retry_after_is_honoured_and_announced_as_waited(invoke, tmp_path, httpserver: HTTPServer, no_waiting):
    for _ in range(3):
        httpserver.expect_ordered_request(PATH).respond_with_data("busy", status=503, headers={"Retry-After": "2"})
    httpserver.expect_ordered_request(PATH).respond_with_data(page("odata_page1.json"), content_type="application/json")
    result = fetch_import(invoke, httpserver.url_for(PATH), tmp_path)
    assert result.exit_code == 0, result.stderr
    assert no_waiting == [2.0, 2.0, 2.0]
    announced = [line for line in result.stderr.splitlines() if "Retry-After" in line]
    assert len(announced) == 3 and all("waiting 2 seconds as the server asks" in line for line in announced)
