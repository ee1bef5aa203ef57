"""Browser-test harness: Playwright driving Debian's Chromium, with axe-core checks.

Chromium comes from Debian (`apt-get install chromium`), axe-core from the npm registry into
.cache/axe (make test and .ci/run fetch it; it is never committed). Without them the browser
tests skip with the reason, except under CI=true, where a missing browser fails the run.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.models import HomePage

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = Path(
    os.environ.get(
        "AXE_CORE_JS",
        Path(__file__).resolve().parents[2] / ".cache/axe/node_modules/axe-core/axe.min.js",
    )
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (required under CI=true)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        _missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed: pip install -e '.[test]'")
    # Playwright's sync API keeps an event loop running in this thread for as long as the
    # browser lives; the ORM calls that tests make meanwhile are still plain synchronous code.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_site(live_server, transactional_db) -> str:
    """The live server's URL, with the demo site in its database.

    Transactional tests empty the database after each test, so load it again when needed:
    the site's own content only (browser tests make the survey data they need)."""
    if not HomePage.objects.exists():
        call_command(
            "load_demo", admin_password="demo-password-for-tests", site_only=True, verbosity=0
        )
    return live_server.url


@pytest.fixture
def page(browser) -> Iterator:
    """A page whose context lets axe-core be injected despite the site's CSP."""
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def strict_page(browser) -> Iterator:
    """A page under the site's real CSP, recording every violation and script error."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.csp_violations = []
    page.script_errors = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE_JS.exists():
        _missing(f"axe-core not found at {AXE_JS}: npm install --prefix .cache/axe axe-core@4")
    # Wagtail's messages fade in: judge colours once every animation has finished.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished))"""
    )
    page.add_script_tag(content=AXE_JS.read_text())
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page) -> None:
    blocking = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe-core found on {page.url}:\n{report}"
