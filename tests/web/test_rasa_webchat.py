"""The community rasa-webchat client (npm, pinned in tests/web/rasa_webchat/),
embedded as a commissioner's existing site does, against the real assistant:
it gets a conversation id the server issues, answers in both languages, and
forgets the conversation once the resident erased it.

scripts/setup_browser.sh installs it (npm ci in tests/web/rasa_webchat).
"""

import functools
import http.server
import json
import shutil
import threading

import pytest

from webchat_browser import Keys, wait_until
from webchat_servers import HERE

PACKAGE = HERE / "rasa_webchat"
SCRIPT = PACKAGE / "node_modules" / "rasa-webchat" / "lib" / "index.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def webchat_site(stack, tmp_path_factory):
    """A static site per language, embedding rasa-webchat pointed at the assistant."""
    if not SCRIPT.exists():
        pytest.fail("rasa-webchat is not installed: run scripts/setup_browser.sh")
    root = tmp_path_factory.mktemp("rasa-webchat-site")
    template = (PACKAGE / "page" / "index.html").read_text()
    for lang in ("en", "fr"):
        (root / lang).mkdir()
        shutil.copy(SCRIPT, root / lang / "rasa-webchat.js")
        page = template.replace("__LANG__", lang).replace("__RASA_URL__", stack.rasa_url)
        (root / lang / "index.html").write_text(page)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Webchat:
    def __init__(self, driver, url):
        self.driver = driver
        driver.get(url)
        self.open()

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def open(self):
        wait_until(lambda: self.js("return !!document.querySelector('.rw-launcher')"), 30,
                   message="the rasa-webchat launcher")
        self.js("document.querySelector('.rw-launcher').click()")
        wait_until(lambda: self.js("return !!document.querySelector('.rw-new-message')"), 10,
                   message="the conversation panel")

    def responses(self):
        return self.js("return [...document.querySelectorAll('.rw-response')].map(e => e.innerText)")

    def session(self):
        raw = self.js("return window.sessionStorage.getItem('chat_session')")
        return json.loads(raw) if raw else {}

    def send(self, text):
        box = self.driver.find_element("css selector", ".rw-new-message")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def ask(self, text, expect, timeout=60):
        before = len(self.responses())
        self.send(text)

        def answered():
            new = "\n".join(self.responses()[before:])
            return new if expect in new.lower() else None

        return wait_until(answered, timeout, message=f"an answer with {expect!r}: {self.responses()}")


@pytest.mark.parametrize("lang, question, expect", [
    ("en", "Can a company use my face without asking?", "consent"),
    ("fr", "Une entreprise peut-elle utiliser mon visage sans me demander?", "consentement"),
])
def test_rasa_webchat_gets_a_server_issued_id_and_answers(webchat_site, driver, lang, question, expect):
    chat = Webchat(driver, f"{webchat_site}/{lang}/")
    wait_until(lambda: chat.responses(), 60, message="the greeting")
    session_id = chat.session().get("session_id")
    assert session_id and "." in session_id  # issued and signed by the server
    chat.ask(question, expect)
    assert chat.session()["session_id"] == session_id


def test_rasa_webchat_forgets_an_erased_conversation(webchat_site, driver):
    chat = Webchat(driver, f"{webchat_site}/fr/")
    wait_until(lambda: chat.responses(), 60, message="the greeting")
    old_id = chat.session()["session_id"]
    chat.ask("Mon gym Qzorvak peut-il prendre mes empreintes digitales?", "empreintes")
    chat.ask("supprimez ma conversation", "supprime")
    chat.send("oui")
    # The page's handler cleared the client's storage and reloaded: a new
    # conversation, and nothing of the old one in this browser.
    wait_until(lambda: chat.session().get("session_id") not in (None, old_id), 30,
               message="a new conversation id")
    stored = chat.js("return JSON.stringify(Object.assign({}, window.sessionStorage, window.localStorage))")
    assert "Qzorvak" not in stored and old_id not in stored
