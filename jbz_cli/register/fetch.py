"""Fetch register pages over HTTP, following @odata.nextLink or <link rel="next"> until the last page.

The client and the sleep function are parameters, so tests use a local server and no real waiting.
Transient failures (connection errors, timeouts, HTTP 429 and 5xx) are retried with exponential back-off;
any other HTTP error stops with one clear message. A page that cannot be parsed is reported and ends the
walk, since its next link is unknown; the pages before it are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from .entry import ParsedSource
from .parse import parse_source

TIMEOUT = 30.0  # seconds for connect, read and write of one request
RETRIES = 3  # attempts after the first
BACKOFF = 1.0  # seconds before the first retry; doubled each time
MAX_PAGES = 1000  # 6,400 entries are 26 pages of 250; this only stops a server that loops
USER_AGENT = "jbz (register import)"


class FetchError(Exception):
    """The walk cannot go on: an HTTP error, or retries used up. The message names the URL."""


@dataclass(frozen=True)
class Page:
    url: str
    parsed: ParsedSource


def make_client(timeout: float = TIMEOUT) -> Any:
    """An httpx client with timeouts, redirects followed and an honest User-Agent."""
    import httpx

    return httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, headers={"User-Agent": USER_AGENT})


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def get_page(
    client: Any,
    url: str,
    *,
    retries: int | None = None,
    backoff: float | None = None,
    sleep: Callable[[float], None] | None = None,
) -> bytes:
    """The body of one page; raises FetchError after a non-transient error or the last failed retry."""
    import httpx

    retries = RETRIES if retries is None else retries
    delay = BACKOFF if backoff is None else backoff
    sleep = sleep or time.sleep
    for attempt in range(retries + 1):
        last = attempt == retries
        try:
            response = client.get(url, headers={"Accept": "application/json, application/atom+xml;q=0.9"})
        except httpx.TimeoutException:
            problem = "timed out"
        except httpx.TransportError as exc:
            problem = f"connection failed ({type(exc).__name__})"
        else:
            if response.status_code < 400:
                return bytes(response.content)
            problem = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
            if not _retryable(response.status_code):
                raise FetchError(f"{url}: {problem}")
            after = response.headers.get("Retry-After", "")
            if after.isdigit():
                delay = max(delay, min(float(after), 60.0))
        if last:
            raise FetchError(f"{url}: {problem} (gave up after {retries + 1} attempts)")
        sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def walk(
    url: str,
    client: Any,
    *,
    retries: int | None = None,
    backoff: float | None = None,
    sleep: Callable[[float], None] | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[Page]:
    """Every page from url on, parsed. Stops at the last page, a page that repeats, or a broken page."""
    seen: set[str] = set()
    next_url: str | None = url
    number = 0
    while next_url and next_url not in seen and number < max_pages:
        seen.add(next_url)
        number += 1
        body = get_page(client, next_url, retries=retries, backoff=backoff, sleep=sleep)
        parsed = parse_source(body, f"page {number} ({next_url})")
        yield Page(next_url, parsed)
        next_url = urljoin(next_url, parsed.next_url) if parsed.next_url else None
    if next_url and number >= max_pages:
        raise FetchError(f"{next_url}: stopped after {max_pages} pages")
