"""Take the screenshots in docs/site.md: the bundled records' site in headless Chromium, desktop and phone widths.

    python scripts/site_screenshots.py [--as-of 2026-07-01] [--out docs/img]

Needs the jbz command, selenium, and Debian's chromium and chromium-driver (or CHROMIUM and CHROMEDRIVER set).
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WIDTHS = {"desktop": (1280, 900, False), "phone": (390, 844, True)}
PAGES = {
    "front": "index.html",
    "record": "records/ebsp-negotiations-end-2026.html",
    "topic": "topics/ebsp.html",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "chromedriver")
    return webdriver.Chrome(options=options, service=service)


def shoot(browser: webdriver.Chrome, url: str, width: int, height: int, mobile: bool, target: Path) -> None:
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    browser.get(url)
    full = browser.execute_script("return document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width, "height": min(full, 2400), "scale": 1}
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}
    )
    target.write_bytes(base64.b64decode(shot["data"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-07-01")
    parser.add_argument("--out", default="docs/img")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        jbz = Path(sys.executable).parent / "jbz"
        subprocess.run([str(jbz), "site", "-o", str(site), "--as-of", args.as_of], check=True)
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser = driver()
        try:
            for name, page in PAGES.items():
                for size, (width, height, mobile) in WIDTHS.items():
                    target = out / f"site-{name}-{size}.png"
                    shoot(browser, base + page, width, height, mobile, target)
                    print(target)
        finally:
            browser.quit()
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
