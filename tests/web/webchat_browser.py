"""Headless Chromium (through Selenium) and a small page object for the widget.

The widget lives in an open shadow root on #bpw-root; everything below reaches
into it with plain CSS selectors.
"""

import json
import time

from browser import (  # noqa: F401  (the tests import these names from this module)
    ActionChains,
    By,
    Keys,
    NoAlertPresentException,
    axe_violations,
    describe_violations,
    start_chromium,
    wait_until,
)


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
        return axe_violations(self.driver)

    @staticmethod
    def describe(violations):
        return describe_violations(violations)

    def browser_errors(self):
        return [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
