"""Kind "unbounded memory" and "hang" of the attack round: every byte that enters jbz goes through one bounded
reader (store/intake.py), HTTP bodies inflate under the cap, and a request has a deadline in all (M1-M3, H1)."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import servers
from pytest_httpserver import HTTPServer
from runjbz import jbz, one_error

from jbz_cli.register import fetch
from jbz_cli.store import intake


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["extract", "/dev/zero"], "/dev/zero: more than 1 MB; jbz reads at most that much for a letter"),
        (["extract", "-"], "<stdin>: more than 1 MB; jbz reads at most that much for a letter"),
        (["show", "-"], "<stdin>: more than 16 MB; jbz reads at most that much for ids on stdin"),
        (["followup", "-", "--note", "x"], "<stdin>: more than 16 MB"),
        (["done", "-", "--evidence", "x"], "<stdin>: more than 16 MB"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_m1_endless_input_stops_at_its_cap(tmp_path: Path, args: list[str], words: str) -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [*jbz_command(), *args, "--records", str(tmp_path)] if args[0] != "extract" else [*jbz_command(), *args],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2 and words in result.stderr, result.stderr[-500:]


def jbz_command() -> list[str]:
    from installed import installed_jbz

    return [installed_jbz()]


def test_m1_import_of_an_endless_file_is_one_problem(tmp_path: Path) -> None:
    result = jbz("import", "tk", "/dev/zero", "--records", tmp_path, "--dry-run")
    assert result.returncode == 1
    assert "/dev/zero: more than 64 MB; jbz reads at most that much for a register file" in result.stderr


def bomb(size: int) -> bytes:
    """`size` zero bytes gzipped twice, built in steps so the test itself stays small."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    once = b"".join(inner.compress(zeros) for _ in range(size >> 20)) + inner.flush()
    return zlib.compress(once, 9, wbits=31) if sys.version_info >= (3, 11) else once


def test_m2_a_double_gzip_bomb_is_stopped_while_it_inflates() -> None:
    """A 1 GiB body in two gzip layers: the child's peak memory stays far below the body's size."""
    body = bomb(1 << 30)
    script = servers.json_body(body, "gzip, gzip")
    with servers.serve(script) as url:
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import resource, sys\n"
                "from jbz_cli.register.fetch import FetchError, get_page, make_client\n"
                "with make_client() as c:\n"
                "    try: get_page(c, sys.argv[1], retries=0)\n"
                "    except FetchError as e: print(e)\n"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    message, peak_mib = child.stdout.splitlines()
    assert "the page is larger than 67,108,864 bytes; stopped" in message
    assert int(peak_mib) < 400, f"peak {peak_mib} MiB for a 1,024 MiB bomb"


def test_m2_a_gzip_page_still_decodes() -> None:
    page = json.dumps({"value": []}).encode()
    with servers.serve(servers.json_body(zlib.compress(page, wbits=31), "gzip")) as url, fetch.make_client() as client:
        assert fetch.get_page(client, url, retries=0) == page


def test_m2_an_unknown_content_encoding_is_one_line() -> None:
    refused = pytest.raises(fetch.FetchError, match="Content-Encoding 'br', which jbz does not decode")
    with servers.serve(servers.json_body(b"xx", "br")) as url, fetch.make_client() as client, refused:
        fetch.get_page(client, url, retries=0)


def test_m3_a_walk_of_endless_fresh_pages_stops_at_the_entry_cap(
    invoke, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = json.loads((Path(__file__).parents[1] / "register" / "fixtures" / "odata_page1.json").read_text())
    counter = iter(range(10**6))

    def handler(request):
        from werkzeug import Response

        doc = dict(fixture, **{"@odata.nextLink": httpserver.url_for(f"/p/{next(counter)}")})
        return Response(json.dumps(doc), content_type="application/json")

    httpserver.expect_request("/p/start").respond_with_handler(handler)
    for n in range(40):
        httpserver.expect_request(f"/p/{n}").respond_with_handler(handler)
    monkeypatch.setattr(intake, "MAX_ENTRIES", 20)
    result = invoke("import", "tk", "--fetch", httpserver.url_for("/p/start"), "--records", str(tmp_path), "-n")
    assert "more than 20 entries; stopped" in result.stderr
    assert "entries of the pages read not imported" in result.stderr
    assert result.exit_code != 0
    labels = ("would be created", "would be updated", "unchanged", "would be deleted", "skipped")
    counts = [line.rsplit(None, 1)[1] for line in result.stdout.splitlines() if line.startswith(labels)]
    assert sum(int(n) for n in counts) == 20  # the summary counts what was kept, not what was read


def test_h1_a_server_that_drips_headers_is_given_up_on_at_the_deadline() -> None:
    stopped = pytest.raises(fetch.FetchError, match="the page took longer than 1 seconds to arrive; stopped")
    with servers.serve(servers.drip_headers(interval=0.1)) as url, fetch.make_client() as client, stopped:
        fetch.get_page(client, url, retries=0, deadline=1)


def test_h1_the_deadline_covers_the_headers_in_the_docs() -> None:
    text = (Path(__file__).parents[2] / "docs" / "register.md").read_text()
    assert "headers included" in text


def test_the_caps_are_stated_in_the_docs() -> None:
    text = (Path(__file__).parents[2] / "docs" / "output.md").read_text()
    for kind, limit in intake.CAPS.items():
        assert f"| {kind} | {limit // intake.MiB} MB |" in text


def test_one_error_line_for_a_too_large_letter(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(2 * intake.MiB)
    assert "big.txt: more than 1 MB" in one_error(jbz("extract", big))
