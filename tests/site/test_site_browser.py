"""The built site in a real headless browser: Debian's chromium and chromium-driver, driven by selenium.

The site is served from a local http.server on 127.0.0.1 (search needs http); nothing else is fetched. The
accessibility check runs axe-core from the file AXE_JS names (.ci/run unpacks it from the npm package); without
it, that one test skips.
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[test]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

BUNDLED = Path(__file__).parents[2] / "records"
AS_OF = "2026-07-01"
RECORD = "ebsp-negotiations-end-2026"


def _executables() -> tuple[str, str]:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("no chromium and chromedriver on PATH (apt-get install chromium chromium-driver)")
    return chromium, driver


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from installed import installed_jbz

    root = tmp_path_factory.mktemp("browser")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")} | {"JBZ_CACHE_DIR": str(root / ".cache")}
    args = [installed_jbz(), "site", "--records", str(BUNDLED), "--as-of", AS_OF, "-o", str(root / "site")]
    done = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return root / "site"


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    """The site served under a sub-path (/tracker/), as a web server would serve it; the URL of its root."""
    handler = functools.partial(_Quiet, directory=str(site.parent))
    (site.parent / "tracker").symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tracker/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    from selenium.webdriver.chrome.service import Service

    chromium, driver = _executables()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(flag)
    options.add_argument("--disable-background-networking")
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    chrome.set_page_load_timeout(60)
    yield chrome
    chrome.quit()


def _links(browser: webdriver.Chrome) -> list[str]:
    found = browser.execute_script(
        "return [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map(e => e.href || e.src)"
    )
    return sorted(set(found))


def test_every_link_from_the_front_page_works(browser: webdriver.Chrome, base: str) -> None:
    browser.get(base + "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text
    links = [u.split("#")[0] for u in _links(browser) if u.startswith(base)]
    assert len(links) > 20
    for url in sorted(set(links)):
        with urlopen(url) as response:  # the local server only
            assert response.status == 200, url
        if url.endswith(".html"):
            browser.get(url)
            assert browser.find_element(By.TAG_NAME, "h1").text, url
            assert browser.title.endswith("JBZ Council tracker"), url
            for inner in _links(browser):
                if inner.startswith(base):
                    with urlopen(inner.split("#")[0]) as response:
                        assert response.status == 200, f"{url} -> {inner}"


def test_pages_work_from_a_file_url_without_a_server(browser: webdriver.Chrome, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "main table.items a").click()
    assert "/records/" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "blockquote[lang=nl]").text
    browser.find_element(By.LINK_TEXT, "Topics").click()
    assert browser.current_url.endswith("/topics.html")
    browser.get((site / "search.html").as_uri())
    assert "served over http" in browser.find_element(By.ID, "search-file").text


def _search(browser: webdriver.Chrome, base: str, words: str) -> list[str]:
    browser.get(base + "search.html")
    box = WebDriverWait(browser, 30).until(lambda b: b.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input"))
    box.send_keys(words)
    WebDriverWait(browser, 30).until(
        lambda b: (
            b.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
            or "No results" in b.find_element(By.ID, "search").text
        )
    )
    return [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")]


def test_search_finds_a_record_by_a_word_of_its_dutch_quote(browser: webdriver.Chrome, base: str) -> None:
    # The quote says "kaderovereenkomst"; the plural finds it too, since the Dutch text is stemmed as Dutch.
    for words in ("kaderovereenkomst", "kaderovereenkomsten"):
        hits = _search(browser, base, words)
        assert base + f"records/{RECORD}.html" in hits, (words, hits)
    hits = _search(browser, base, RECORD)
    assert base + f"records/{RECORD}.html" in hits  # by its id


def test_the_charts_load_with_a_table_beside_each(browser: webdriver.Chrome, base: str) -> None:
    browser.get(base + "charts.html")
    sections = browser.find_elements(By.CSS_SELECTOR, "section.chart")
    assert len(sections) == 3
    drawn = 0
    for section in sections:
        images = section.find_elements(By.TAG_NAME, "img")
        if not images:
            assert "Nothing to count yet" in section.text
            continue
        drawn += 1
        img = images[0]
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0
        assert img.get_attribute("alt").startswith("Chart: ")
        table = section.find_element(By.CSS_SELECTOR, "table.data")
        headers = [th.get_attribute("scope") for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert headers and set(headers) == {"col"}
        assert table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert drawn >= 1
    month = browser.find_element(By.CSS_SELECTOR, "section.chart table.data tbody tr:last-child").text
    assert month.startswith("July 2026")


def test_a_record_page_prints_to_a4(browser: webdriver.Chrome, base: str) -> None:
    browser.get(base + f"records/{RECORD}.html")
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)  # A4, points
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        nav = browser.find_element(By.CSS_SELECTOR, "nav")
        assert not nav.is_displayed()  # on paper the page starts with the record, not the site's menu
        assert browser.find_element(By.CSS_SELECTOR, "blockquote[lang=nl]").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_axe_finds_nothing_serious(browser: webdriver.Chrome, base: str) -> None:
    axe = os.environ.get("AXE_JS")
    if not axe or not Path(axe).is_file():
        pytest.skip("AXE_JS does not name axe.min.js (.ci/run unpacks it from the axe-core npm package)")
    script = Path(axe).read_text(encoding="utf-8")
    found = []
    pages = ("index.html", f"records/{RECORD}.html", "topics/ebsp.html", "charts.html", "councils.html", "search.html")
    for page in pages:
        browser.get(base + page)
        if page == "search.html":  # axe should see the search box pagefind adds
            WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search input"))
        browser.execute_script(script)
        result = browser.execute_async_script("const done = arguments[0]; axe.run().then(done, e => done(String(e)));")
        assert isinstance(result, dict), result
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"{page}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}")
    assert not found, "\n".join(found)


def test_a_phone_sees_the_page_without_sideways_scrolling(browser: webdriver.Chrome, base: str) -> None:
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        for page in ("index.html", f"records/{RECORD}.html", "topics/ebsp.html", "charts.html"):
            browser.get(base + page)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, f"{page} is {width}px wide on a phone"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


LONG = "Onderhandelingsbevoegdheidsverlengingsovereenkomstvoorbereidingscommissievergaderingsverslag" * 2


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose one record has a 180-letter word in its title, summary and quote."""
    from installed import installed_jbz

    root = tmp_path_factory.mktemp("long")
    records = root / "records"
    shutil.copytree(BUNDLED, records)
    path = records / "32317-987" / f"{RECORD}.toml"
    text = path.read_text(encoding="utf-8")
    for key in ("title", "summary", "quote"):
        text = re.sub(rf'^{key} = "', f'{key} = "{LONG} ', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")} | {"JBZ_CACHE_DIR": str(root / ".cache")}
    args = [installed_jbz(), "site", "--records", str(records), "--as-of", AS_OF, "--no-search", "-o", str(root / "s")]
    done = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return root / "s"


@pytest.mark.parametrize("width", [1280, 390, 794])  # desktop, phone, an A4 page in print
def test_a_long_word_never_widens_the_page(browser: webdriver.Chrome, long_words: Path, width: int) -> None:
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    if width == 794:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for page in (f"records/{RECORD}.html", "records.html", "topics/ebsp.html", "index.html"):
            browser.get((long_words / page).as_uri())
            assert page == "index.html" or LONG[:40] in browser.page_source
            wide = browser.execute_script("return document.documentElement.scrollWidth")
            assert wide <= width, f"{page} is {wide}px wide at {width}px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
