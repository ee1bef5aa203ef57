"""The browser-test harness says why it skips, and refuses to skip under CI."""

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.browser.conftest import _missing


def test_missing_browser_skips_with_the_reason_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match="apt-get install chromium"):
        _missing("Chromium not found at /usr/bin/chromium: apt-get install chromium")


def test_missing_browser_fails_the_run_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="required under CI=true"):
        _missing("Chromium not found")
