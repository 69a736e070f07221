"""One member's device for the room's browser tests (issue 16): headless Chromium from
Debian's ``chromium`` and ``chromium-driver`` packages, driven by selenium, at a phone's
360 CSS pixels. ``./dev test`` installs them; the tests are skipped, saying so, only where
they are missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = '<img src=x onerror="document.title=1">'
WAIT_S = 30.0  # generous: the page polls every 2 s; only a broken page takes this long

needs_chromium = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (./dev test installs them)",
)


class Browser:
    """One member's device: its own headless Chromium with its own profile."""

    def __init__(self, profile: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(flag)
        # A phone's screen: 360 CSS pixels wide.
        metrics = {"width": 360, "height": 780, "pixelRatio": 1.0}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
        self.driver = webdriver.Chrome(options=options, service=Service(DRIVER))

    def until(self, condition: Callable[[Any], Any]) -> Any:
        """Wait for ``condition``; the page redraws its lists as the room changes, so an
        element read a moment ago may be replaced: such a read is simply tried again."""
        from selenium.common.exceptions import (
            NoSuchElementException,
            StaleElementReferenceException,
        )
        from selenium.webdriver.support.ui import WebDriverWait

        ignored = (NoSuchElementException, StaleElementReferenceException)
        wait = WebDriverWait(self.driver, WAIT_S, poll_frequency=0.1, ignored_exceptions=ignored)
        return wait.until(condition)

    def text_of(self, css: str) -> str:
        return str(self.until(lambda d: self.el(css).text + "\u0000")[:-1])

    def el(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def els(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def join(self, url: str, code: str, name: str) -> None:
        self.driver.get(url)
        self.until(lambda d: self.el("#code").is_displayed())
        self.el("#code").send_keys(code.lower())
        self.el("#name").send_keys(name)
        self.el("#join-btn").click()
        self.until(lambda d: self.el("#room-part").is_displayed())
        assert self.el("#me").text == name

    def add(self, kind: str, target: str, words: str, evidence: str = "") -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.el("#kind")).select_by_value(kind)
        Select(self.el("#target")).select_by_value(target)
        self.el("#text").send_keys(words)
        if evidence:
            self.el("#evidence").send_keys(evidence)
        before = len(self.els("#mine li"))
        self.el("#add-btn").click()
        self.until(lambda d: len(self.els("#mine li")) == before + 1)
        assert self.text_of("#add-msg").startswith("Added")

    def dot(self, option: str) -> None:
        self.until(lambda d: self.el("#round-part").is_displayed())
        plus = f'button.plus[data-option="{option}"]'
        before = self.until(lambda d: self._dots(option) + 1) - 1
        self.until(lambda d: self.el(plus).click() or True)
        self.until(lambda d: self._dots(option) == before + 1)

    def _dots(self, option: str) -> int:
        plus = self.el(f'button.plus[data-option="{option}"]')
        return int(plus.find_element("xpath", "preceding-sibling::span[1]").text)

    def quit(self) -> None:
        self.driver.quit()
