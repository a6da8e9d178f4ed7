"""Headless Chromium (Debian's chromium and chromedriver, through Selenium)
and axe-core, shared by the browser tests of the chat widget (tests/web) and
of the staff studio (tests/studio). scripts/setup_browser.sh installs them.
"""

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:  # the browser_ready fixture reports it, with the fix
    webdriver = NoAlertPresentException = StaleElementReferenceException = None
    Service = ActionChains = By = Keys = None

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
WEB = Path(__file__).resolve().parents[1] / "web"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"

# Flags this machine needs: no sandbox as root, and no background traffic
# (the network is closed, and the tests must not depend on it).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]

# Records alert()/confirm()/prompt() calls instead of showing them.
RECORD_DIALOGS = """
window.__dialogs = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function (message) { window.__dialogs.push(name + ':' + message); };
}
"""


def missing_tools(axe: bool = False) -> Optional[str]:
    """What the browser tests need and this machine lacks (Chromium,
    ChromeDriver, selenium, and axe-core when `axe`), or None."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    if missing:
        return f"missing {', '.join(missing)}"
    if axe and not AXE.exists():
        return f"{AXE} is missing"
    if webdriver is None:
        return "selenium is not installed in this Python"
    return None


@contextmanager
def chromium(**options) -> Iterator:
    """start_chromium(**options), quit and its profile removed afterwards."""
    browser = start_chromium(**options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(browser.profile_dir, ignore_errors=True)


def start_chromium(width=1280, height=860, lang="en-CA", mobile=False):
    """Chromium with a viewport of exactly width x height CSS pixels."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="webchat-chromium-")
    for flag in CHROMIUM_FLAGS + [
        f"--user-data-dir={profile}",
        f"--window-size={max(width, 800)},{height + 200}",
        f"--lang={lang}",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.profile_dir = profile
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DIALOGS})
    return driver


def wait_until(condition, timeout=15, message="condition", interval=0.1):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # keep polling through transient DOM states
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}" + (f" ({last_error})" if last_error else ""))


def axe_violations(driver):
    """Runs axe-core (WCAG 2.0/2.1 A and AA, plus best practices) on the page."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))))
          .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
        """
    )


def describe_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {(node['summary'] or '').strip()}")
    return "\n".join(lines)
