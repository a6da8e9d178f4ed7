"""Headless Chromium (through Selenium) and a small page object for the widget.

The widget lives in an open shadow root on #bpw-root; everything below reaches
into it with plain CSS selectors.
"""

import json
import os
import tempfile
import time
from pathlib import Path

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:  # the browser_ready fixture reports it, with the fix
    webdriver = NoAlertPresentException = Service = ActionChains = By = Keys = None

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
WEB = Path(__file__).resolve().parents[2] / "web"
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


class Widget:
    """What a resident does with the widget, as Selenium calls."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url.rstrip("/")

    # -- page and shadow root ------------------------------------------------

    def load(self, path="/"):
        self.driver.get(self.base_url + path)
        wait_until(lambda: self.js("return !!(document.getElementById('bpw-root') && "
                                   "document.getElementById('bpw-root').shadowRoot)"),
                   message="the widget to mount")
        wait_until(lambda: self.find(".bpw-launcher").is_displayed(), message="the launcher to show")
        return self

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    @property
    def shadow(self):
        return self.js("return document.getElementById('bpw-root').shadowRoot")

    def find(self, css):
        return self.shadow.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.shadow.find_elements(By.CSS_SELECTOR, css)

    def active_element_class(self):
        """Class of the focused element inside the widget ('' when focus is outside)."""
        return self.js(
            "const root = document.getElementById('bpw-root');"
            "if (document.activeElement !== root) return '';"
            "const a = root.shadowRoot.activeElement; return a ? a.className : '';"
        )

    # -- actions -------------------------------------------------------------

    def open(self, keyboard=False):
        launcher = self.find(".bpw-launcher")
        if keyboard:
            launcher.send_keys(Keys.ENTER)
        else:
            launcher.click()
        wait_until(lambda: self.find(".bpw-panel").is_displayed(), message="the panel to open")
        return self

    def is_open(self):
        return self.find(".bpw-panel").is_displayed()

    def type(self, text, submit=True):
        box = self.find(".bpw-input")
        box.send_keys(text)
        if submit:
            box.send_keys(Keys.ENTER)

    def ask(self, text, timeout=30):
        """Sends a question and waits for the next assistant message."""
        before = len(self.messages("bot"))
        self.type(text)
        return self.wait_for_bot_messages(before + 1, timeout)[before]

    def wait_for_bot_messages(self, count, timeout=30):
        return wait_until(
            lambda: (lambda bots: bots if len(bots) >= count else None)(self.messages("bot")),
            timeout,
            message=f"{count} assistant message(s); have {self.messages()}",
        )

    def settle(self, quiet=1.5, timeout=30):
        """Waits until no new message has come for `quiet` seconds.

        Rasa sends each paragraph of an answer as its own message, and an
        answer may be followed by a suggestion: this waits for all of them."""
        deadline = time.monotonic() + timeout
        count, since = len(self.messages()), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = len(self.messages())
            if now != count:
                count, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return self.messages()
        raise AssertionError(f"messages still arriving after {timeout}s")

    def switch_language(self, lang):
        self.find(f'.bpw-lang__button[data-lang="{lang}"]').click()
        wait_until(lambda: self.find(".bpw").get_attribute("lang") == lang, message=f"chrome in {lang}")

    # -- reading -------------------------------------------------------------

    def messages(self, who=None):
        """[{'from': 'bot'|'user', 'lang': 'en', 'text': '...'}] as shown (no screen-reader prefix)."""
        rows = self.js(
            """
            const root = document.getElementById('bpw-root').shadowRoot;
            return [...root.querySelectorAll('.bpw-msg')].map(m => ({
              from: m.classList.contains('bpw-msg--user') ? 'user' : 'bot',
              lang: m.getAttribute('lang'),
              text: m.querySelector('.bpw-bubble').innerText.trim(),
            }));
            """
        )
        return [r for r in rows if who is None or r["from"] == who]

    def stored_state(self):
        raw = self.js("return window.sessionStorage.getItem('bpw:state')")
        return json.loads(raw) if raw else None

    def dialogs(self):
        try:
            alert = self.driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            return [f"native:{text}"]
        except NoAlertPresentException:
            pass
        return self.js("return window.__dialogs || []")

    def run_axe(self):
        """Runs axe-core (WCAG 2.0/2.1 A and AA, plus best practices) on the page."""
        self.driver.execute_script(AXE.read_text(encoding="utf-8"))
        return self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))))
              .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
            """
        )

    @staticmethod
    def describe(violations):
        lines = []
        for v in violations:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"]:
                lines.append(f"    {node['target']}: {(node['summary'] or '').strip()}")
        return "\n".join(lines)

    def browser_errors(self):
        return [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
