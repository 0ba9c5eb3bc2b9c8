"""Fetch register pages over HTTP, following @odata.nextLink or <link rel="next"> until the last page.

The client, the sleep function and the notice callback are parameters, so tests use a local server and no
real waiting. Transient failures (connection errors, timeouts, HTTP 429 and 5xx) are retried with exponential
back-off; anything else (another HTTP error, a redirect loop, an undecodable body, a page that took longer
than the whole-request deadline) stops the walk with one line naming the URL. Every httpx exception becomes
a FetchError, never a traceback, and the pages read before it are kept. A page that cannot be parsed, or
whose next link is not a usable URL or leads back to an earlier page, is reported and ends the walk.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from .entry import ParsedSource
from .parse import parse_source

TIMEOUT = 30.0  # seconds for connect, and between two reads or writes of one request
DEADLINE = 120.0  # seconds for one whole request, body included: a server that drips bytes is given up on
MAX_BYTES = 64 * 1024 * 1024  # a page of 250 entries is about 250 KB; anything this big is not a register page
RETRIES = 3  # attempts after the first
BACKOFF = 1.0  # seconds before the first retry; doubled each time
MAX_WAIT = 60.0  # seconds of waiting (back-off and Retry-After together) for one page before giving up
MAX_PAGES = 1000  # 6,400 entries are 26 pages of 250; this only stops a server that loops
USER_AGENT = "jbz (register import)"
# Every navigation property jbz reads (docs/register.md): the fulfilling letters with their dossier, who the
# promise was made to, and the links between commitments. A page without them changes nothing of theirs.
REGISTER_HOST = "gegevensmagazijn.tweedekamer.nl"
EXPAND = (
    "KamerbriefNakoming($expand=Kamerstukdossier),ToegezegdAan($expand=Persoon,Fractie),"
    "IsHerhalingVan,IsWijzigingVan,IsAanvullingOp"
)
SHOWN_URL = 200  # characters of a URL shown in a message


class FetchError(Exception):
    """The walk cannot go on: an HTTP error, retries used up, a bad next link. The message names the URL."""


@dataclass(frozen=True)
class Page:
    url: str
    parsed: ParsedSource


def shown(url: str) -> str:
    """A URL as messages show it: cut to SHOWN_URL characters, so a huge link cannot flood stderr."""
    return url if len(url) <= SHOWN_URL else url[:SHOWN_URL] + "…"


def url_problem(url: str) -> str | None:
    """Why url cannot be fetched (malformed, not http or https, no host), or None when it can.

    Checked before any request, so a typing error is reported at once and never retried.
    """
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        return f"not a valid URL ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
    if parsed.scheme not in ("http", "https"):
        what = f"{parsed.scheme}: URLs cannot be fetched" if parsed.scheme else "not a URL"
        return f"{what}; expected an http:// or https:// URL"
    if not parsed.host:
        return "a URL without a host"
    if not re.fullmatch(r"[^\s\x00-\x1f/?#@%]+", parsed.host):  # httpx takes "exa mple.com" as exa%20mple.com
        return "not a valid URL (its host contains a space, a control character or a %)"
    return None


def with_expand(url: str) -> str:
    """A query on the register's OData service (REGISTER_HOST) with jbz's $expand added when it has no $expand
    or $select of its own; any other URL unchanged.

    So `--fetch` with a plain Toezegging query reads the letters, addressees and links too; a query that
    chooses its own properties, or another server (a mirror, a test server), is taken as meant.
    """
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return url
    chosen = any(key in parsed.params for key in ("$expand", "$select"))
    if parsed.host != REGISTER_HOST or "/odata/" not in parsed.path.lower() or chosen:
        return url
    base, _hash, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}$expand={EXPAND}"
    return f"{joined}#{fragment}" if fragment else joined  # the query as given, its spelling untouched


def make_client(timeout: float = TIMEOUT) -> Any:
    """An httpx client with timeouts, redirects followed and an honest User-Agent."""
    import httpx

    return httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, headers={"User-Agent": USER_AGENT})


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _describe(exc: Exception) -> tuple[str, bool]:
    """One line for an httpx exception, and whether trying again may help."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timed out", True
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return f"connection failed ({type(exc).__name__})", True
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects (a redirect loop?)", False
    if isinstance(exc, httpx.DecodingError):
        return "the response could not be decoded (DecodingError)", False
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "a redirect or link to a URL that cannot be fetched (" + type(exc).__name__ + ")", False
    return f"request failed ({type(exc).__name__})", False


def _read(client: Any, url: str, deadline: float, max_bytes: int) -> tuple[int, str, str, bytes]:
    """(status, reason, Retry-After, body) within `deadline` seconds in all, headers included.

    The request runs in a helper thread and this one waits at most `deadline`: a server that drips header lines
    never trips httpx's per-read timeout. Given up on, the thread is left to its socket, which the client's close
    ends. The body is read raw and decoded by store/intake.Inflater, bounded while it inflates.
    """
    import threading

    box: list[Any] = []
    start = time.monotonic()
    worker = threading.Thread(
        target=lambda: box.append(_capture(_read_body, client, url, start, deadline, max_bytes)), daemon=True
    )
    worker.start()
    worker.join(deadline)
    if not box:
        raise FetchError(f"{shown(url)}: the page took longer than {deadline:g} seconds to arrive; stopped")
    ok, value = box[0]
    if not ok:
        raise value
    return value


def _capture(func: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    try:
        return True, func(*args)
    except BaseException as exc:  # handed to the waiting thread, which raises it there
        return False, exc


def _read_body(client: Any, url: str, start: float, deadline: float, max_bytes: int) -> tuple[int, str, str, bytes]:
    from jbz_cli.store.intake import Inflater

    headers = {"Accept": "application/json, application/atom+xml;q=0.9", "Accept-Encoding": "gzip, deflate"}
    with client.stream("GET", url, headers=headers) as response:
        after = response.headers.get("Retry-After", "")
        if response.status_code >= 400:
            return response.status_code, response.reason_phrase, after, b""
        try:
            inflater = Inflater(response.headers.get("Content-Encoding", "").split(","), max_bytes)
        except ValueError as exc:
            raise FetchError(f"{shown(url)}: {exc}") from None
        chunks: list[bytes] = []
        for raw in response.iter_raw():
            try:
                chunks.append(inflater.feed(raw))
            except OverflowError:
                raise FetchError(f"{shown(url)}: the page is larger than {max_bytes:,} bytes; stopped") from None
            except ValueError as exc:
                raise FetchError(f"{shown(url)}: {exc}") from None
            if time.monotonic() - start > deadline:
                raise FetchError(f"{shown(url)}: the page took longer than {deadline:g} seconds to arrive; stopped")
        return response.status_code, response.reason_phrase, after, b"".join(chunks)


def get_page(
    client: Any,
    url: str,
    *,
    retries: int | None = None,
    backoff: float | None = None,
    sleep: Callable[[float], None] | None = None,
    notice: Callable[[str], None] | None = None,
    deadline: float | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """The body of one page; raises FetchError after a non-transient error or the last failed retry.

    Waits (Retry-After when the server gives one, else back-off) add up to at most MAX_WAIT seconds;
    a Retry-After wait is announced through `notice`, since it may be long.
    """
    import httpx

    retries = RETRIES if retries is None else retries
    delay = BACKOFF if backoff is None else backoff
    sleep = sleep or time.sleep
    deadline = DEADLINE if deadline is None else deadline
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    waited = 0.0
    for attempt in range(retries + 1):
        asked = 0.0
        try:
            status, reason, after, body = _read(client, url, deadline, max_bytes)
        except httpx.HTTPError as exc:
            problem, again = _describe(exc)
        except httpx.InvalidURL as exc:  # not an HTTPError: a redirect to a malformed Location
            problem, again = f"a redirect to a malformed URL ({type(exc).__name__})", False
        else:
            if status < 400:
                return body
            problem = f"HTTP {status} {reason}".rstrip()
            again = _retryable(status)
            if after.strip().isdigit():
                asked = float(after.strip())
        if not again:
            raise FetchError(f"{shown(url)}: {problem}")
        if attempt == retries:
            raise FetchError(f"{shown(url)}: {problem} (gave up after {retries + 1} attempts)")
        wait = asked or delay  # the server's own value when it gives one, else our back-off (which then doubles)
        if waited + wait > MAX_WAIT:
            why = f"the server asks to wait {asked:g} seconds" if asked else "waited long enough"
            raise FetchError(f"{shown(url)}: {problem}; {why}, more than {MAX_WAIT:g} seconds in all; gave up")
        if asked and notice:
            notice(f"fetch: {shown(url)}: {problem}; waiting {wait:g} seconds as the server asks (Retry-After)")
        sleep(wait)
        waited += wait
        if not asked:
            delay *= 2
    raise AssertionError("unreachable")


def walk(
    url: str,
    client: Any,
    *,
    retries: int | None = None,
    backoff: float | None = None,
    sleep: Callable[[float], None] | None = None,
    notice: Callable[[str], None] | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[Page]:
    """Every page from url on, parsed, until the last page (the one without a next link).

    Raises FetchError, after yielding the pages before it, for a failed request, a next link that is not
    an http(s) URL, one that leads back to an earlier page, or more than max_pages pages.
    """
    problem = url_problem(url)
    if problem:
        raise FetchError(f"{shown(url)}: {problem}")
    seen: dict[str, int] = {}
    next_url: str | None = url
    number = 0
    while next_url:
        if number >= max_pages:
            raise FetchError(f"{shown(next_url)}: stopped after {max_pages} pages")
        number += 1
        seen[next_url] = number
        body = get_page(client, next_url, retries=retries, backoff=backoff, sleep=sleep, notice=notice)
        parsed = parse_source(body, f"page {number} ({shown(next_url)})")
        yield Page(next_url, parsed)
        here = next_url
        if parsed.next_problem:
            raise FetchError(f"{shown(here)}: {parsed.next_problem}; stopped after page {number}")
        if not parsed.next_url:
            return
        try:
            next_url = urljoin(here, parsed.next_url)
        except ValueError:
            next_url = parsed.next_url
        problem = url_problem(next_url)
        if problem:
            raise FetchError(f"{shown(here)}: next link {shown(next_url)!r} is {problem}; stopped after page {number}")
        if next_url in seen:
            raise FetchError(
                f"{shown(here)}: next link leads back to page {seen[next_url]}; stopped after page {number}"
            )
