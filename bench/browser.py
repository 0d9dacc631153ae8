"""Headless Chromium for the view tests and the view benchmark: Debian's
/usr/bin/chromium driven by /usr/bin/chromedriver (both from
scripts/system-packages.txt; nothing is downloaded), a fresh profile each
time, and no network: every host name fails to resolve and anything else
goes to a dead proxy, so only file:// and loopback pages load. Every
request the page makes is recorded, so a test can show none left the machine.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # no network: names never resolve, and whatever is not loopback meets a closed port
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1",
    "--hide-scrollbars", "--force-device-scale-factor=1",
)
LOCAL_SCHEMES = ("file://", "data:", "http://127.0.0.1", "about:", "chrome")


class Browser:
    """One headless Chromium; use as a context manager."""

    def __init__(self, width: int = 1280, height: int = 900):
        for path in (CHROMIUM, CHROMEDRIVER):
            if not Path(path).exists():
                raise RuntimeError(f"{path} is missing: run scripts/setup.sh (Debian chromium, chromium-driver)")
        self._profile = tempfile.TemporaryDirectory(prefix="kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self._log: list[dict] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def close(self) -> None:
        self.driver.quit()
        self._profile.cleanup()

    def open(self, url: str | Path) -> None:
        """Load a page; the console and requests recorded start afresh."""
        self.driver.get_log("browser")
        self.driver.get_log("performance")
        self._log = []
        self.driver.get(url.as_uri() if isinstance(url, Path) else url)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, script: str, timeout: float = 60.0):
        """Poll until ``script`` returns something truthy; returns it."""
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(script))

    def console(self) -> list[dict]:
        """Console messages and page errors since the last call (or page)."""
        return self.driver.get_log("browser")

    def console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.console() if entry["level"] == "SEVERE"]

    def requests(self) -> list[str]:
        """URLs of every request made since the page was opened (by it and those it led to)."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self._log.append(message["params"]["request"])
        return [r["url"] for r in self._log]

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests() if not url.startswith(LOCAL_SCHEMES)]

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))
