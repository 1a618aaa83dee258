"""Headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against pytest-django's live server.

Each test builds its own data (the `world` fixture and what the journey needs) in a transactional database, so
the live server's thread sees it. `Journey` walks a person through the app by clicks and typing, runs axe-core
(WCAG 2.1 A and AA) and a reflow check at 320 CSS px on every page it reaches, and saves a screenshot of each page
to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test's thread; Django would then refuse ORM calls from the
# test (fixtures, assertions). The live server runs in its own thread and is unaffected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PASSWORD = "test-password-1"

pytestmark = pytest.mark.browser


# One Playwright and one Chromium for the whole run. Other test folders import these fixtures (tests/public does),
# which makes pytest hold a second copy of each session fixture; both copies must share the one browser, since
# Playwright's sync API cannot be started twice in one thread.
_SHARED: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser(request) -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    if "browser" not in _SHARED:
        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        request.addfinalizer(_stop_browser)
    return _SHARED["browser"]


def _stop_browser() -> None:
    _SHARED.pop("browser").close()
    _SHARED.pop("playwright").stop()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


# The contrast of each visible link and button in a page header against the nearest background behind it.
HEADER_CONTRAST_JS = r"""
() => {
  const channels = c => c.match(/[\d.]+/g).map(Number);
  const lum = c => {
    const [r, g, b] = channels(c).slice(0, 3).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor, parts = channels(c);
      if (parts.length < 4 || parts[3] > 0) return c;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("header a, header button")]
    .filter(e => e.offsetParent !== null && e.innerText.trim())
    .map(e => {
      const a = lum(getComputedStyle(e).color), b = lum(background(e));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return [e.innerText.trim().split("\n")[0].slice(0, 40), Math.round(100 * ratio) / 100];
    })
    .filter(([, ratio]) => ratio < 4.5);
}
"""


class Journey:
    """One person's walk through the app in a fresh browser context."""

    def __init__(self, page: Page, base_url: str, axe: Axe, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.axe = axe
        self.name = name
        self.checked: list[str] = []
        self.console_errors: list[str] = []
        # check_page also asserts that every page reflows at 320 CSS px (assert_reflows); a journey may turn it
        # off only for a page that is not meant for screens (none does).
        self.reflow = True
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(f"{message.text} [{where.get('url')}:{where.get('lineNumber')}]")

    def open_start_page(self) -> None:
        self.page.goto(self.base_url + "/")

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        """From the start page: sent to the login form, fill it in, land on the start page."""
        self.open_start_page()
        self.check_page("login")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url(self.base_url + "/")

    def check_page(self, label: str) -> None:
        """axe-core with the WCAG 2.1 A and AA rules on the page as it is now, a screenshot, and the reflow check at
        320 CSS px (WCAG 1.4.10)."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(
            self.page,
            options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{len(self.checked):02d}-{label}".lower()).strip("-")
        self.page.screenshot(path=str(SCREENSHOTS / f"{slug}.png"), full_page=True)
        self.checked.append(self.page.url)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
        assert violations == [], f"axe on {self.page.url}"
        self.assert_header_readable()
        if self.reflow:
            self.assert_reflows()

    def assert_header_readable(self) -> None:
        """Every link and button of the page header stands out from its background by at least 4.5:1 (WCAG 1.4.3).
        axe leaves a link whose text includes a visually hidden part as "incomplete", not as a violation: the
        person's name in the header was drawn in the header's own blue and nobody could see it."""
        unreadable = self.page.evaluate(HEADER_CONTRAST_JS)
        assert unreadable == [], f"{self.page.url}: header text below 4.5:1 (text, ratio): {unreadable}"

    def assert_reflows(self, width: int = 320) -> None:
        """WCAG 1.4.10: at `width` CSS px the page does not scroll sideways as a whole (a wide table may scroll
        inside its own region)."""
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": width, "height": 800})
        try:
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                # Name what sticks out (outside a table's own scroll region), so the failure says where to look.
                wide = self.page.evaluate(
                    "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w"
                    " && !e.closest('.table-scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className + ' '"
                    " + (e.innerText || '').slice(0, 40))",
                    width,
                )
                raise AssertionError(f"{self.page.url} is {scroll_width} px wide at {width} px: {wide}")
        finally:
            self.page.set_viewport_size(size)

    def assert_no_console_errors(self) -> None:
        """A Content-Security-Policy violation or a script error shows up here."""
        assert not self.console_errors, "\n".join(self.console_errors)


@pytest.fixture
def journey(browser: Browser, live_server, axe: Axe, request) -> Iterator[Journey]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    walk = Journey(page, live_server.url, axe, request.node.name)
    yield walk
    context.close()
    walk.assert_no_console_errors()
