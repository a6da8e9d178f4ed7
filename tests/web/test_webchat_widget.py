"""The chat widget's own behaviour in headless Chromium.

These run against webchat_fake_rasa.py (Rasa's socket.io channel with
scripted replies), so they can send what the real assistant never would:
markup, odd links, buttons, slow or missing answers. They also read back
exactly what the widget sent.
"""

import json
import urllib.request

import pytest

from webchat_browser import ActionChains, Keys, Widget, wait_until


def received(fake_rasa, session_id):
    with urllib.request.urlopen(f"{fake_rasa}/fake/received", timeout=5) as response:
        return [m for m in json.load(response) if m["sender_id"] == session_id]


def opened(driver, site, path="/"):
    widget = Widget(driver, site.base_url).load(path)
    widget.open()
    widget.wait_for_bot_messages(1)
    return widget


def shadow_js(widget, body):
    return widget.js("const root = document.getElementById('bpw-root').shadowRoot;\n" + body)


# --------------------------------------------------------------------------
# protocol: session, language metadata, language switch
# --------------------------------------------------------------------------


def test_every_message_carries_the_language_and_the_switch_is_sent(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    widget.ask("hello there")
    widget.switch_language("fr")
    widget.wait_for_bot_messages(3)  # the assistant's "continuons en français"
    widget.ask("bonjour")

    session_id = widget.stored_state()["sessionId"]
    sent = [(m["text"], m["metadata"]) for m in received(fake_rasa, session_id)]
    assert sent == [
        ("/greet", {"language": "en"}),
        ("hello there", {"language": "en"}),
        ('/switch_language{"language": "fr"}', {"language": "fr"}),
        ("bonjour", {"language": "fr"}),
    ]
    # The switch is not shown as something the resident typed.
    assert [m["text"] for m in widget.messages("user")] == ["hello there", "bonjour"]
    assert [m["lang"] for m in widget.messages("user")] == ["en", "fr"]
    assert widget.messages("bot")[-1]["lang"] == "fr"


def test_language_switch_translates_every_piece_of_chrome(fake_site, driver):
    widget = opened(driver, fake_site)

    def chrome():
        return shadow_js(
            widget,
            """
            const q = s => root.querySelector(s);
            return {
              region: q('.bpw').getAttribute('aria-label'),
              launcher: q('.bpw-launcher').textContent,
              title: q('.bpw-title').textContent,
              subtitle: q('.bpw-subtitle').textContent,
              close: q('.bpw-close').getAttribute('aria-label'),
              newConversation: q('.bpw-new').getAttribute('aria-label') + q('.bpw-new').textContent,
              langGroup: q('.bpw-lang').getAttribute('aria-label'),
              log: q('.bpw-log').getAttribute('aria-label'),
              notice: q('.bpw-notice').textContent,
              label: q('label[for="bpw-input"]').textContent,
              hint: q('#bpw-input-hint').textContent,
              placeholder: q('.bpw-input').placeholder,
              send: q('.bpw-send').textContent,
              lang: q('.bpw').lang,
            };
            """,
        )

    english = chrome()
    widget.switch_language("fr")
    french = chrome()
    assert english["lang"] == "en" and french["lang"] == "fr"
    for key in english:
        assert english[key] and french[key], key
        if key not in ("log",):  # "Conversation" is the same word in both
            assert english[key] != french[key], key
    assert french["placeholder"] == "Écrivez votre question..."
    assert widget.find('.bpw-lang__button[data-lang="fr"]').get_attribute("aria-pressed") == "true"
    assert widget.find('.bpw-lang__button[data-lang="en"]').get_attribute("aria-pressed") == "false"

    # The choice survives a reload, even on the English page.
    driver.refresh()
    widget.load("/")
    assert widget.find(".bpw").get_attribute("lang") == "fr"


def test_reload_restores_the_transcript_and_the_session(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    widget.ask("Can they use my face?")
    shown = widget.messages()
    state = widget.stored_state()

    driver.refresh()
    widget.load("/")
    wait_until(lambda: widget.messages() == shown, 10, message="the restored transcript")
    widget.ask("hello again")
    # No second greeting; same conversation on the server.
    texts = [m["text"] for m in received(fake_rasa, state["sessionId"])]
    assert texts == ["/greet", "Can they use my face?", "hello again"]
    assert widget.js("return window.localStorage.length") == 0
    assert widget.js("return document.cookie") == ""


def test_new_conversation_starts_over(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    widget.ask("Can they use my face?")
    old_id = widget.stored_state()["sessionId"]

    widget.find(".bpw-new").click()
    wait_until(lambda: len(widget.messages()) == 1, 10, message="a fresh greeting only")
    new_state = widget.stored_state()
    assert new_state["sessionId"] != old_id
    assert [m["from"] for m in new_state["messages"]] == ["bot"]
    assert widget.messages("bot")[0]["text"].startswith("Hello")
    assert [m["text"] for m in received(fake_rasa, new_state["sessionId"])] == ["/greet"]
    assert widget.active_element_class() == "bpw-input"

    # Messages now go to the new conversation only.
    widget.ask("after the reset")
    assert "after the reset" not in [m["text"] for m in received(fake_rasa, old_id)]


def test_the_widget_follows_the_id_the_server_issues(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    session_id = widget.stored_state()["sessionId"]
    # Signed by the server (the "." separates the signature), not the widget's placeholder.
    assert "." in session_id
    assert [m["text"] for m in received(fake_rasa, session_id)] == ["/greet"]


def test_after_erasure_nothing_of_the_conversation_stays_in_the_browser(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    widget.ask("Can they use my face? My name is Qzorvak")
    old_id = widget.stored_state()["sessionId"]

    widget.type("erase check")
    wait_until(lambda: widget.stored_state()["sessionId"] != old_id, 30, message="a new conversation id")
    state = widget.stored_state()
    assert [m["text"] for m in state["messages"]] == ["Done: this conversation has been deleted."]
    stored = widget.js("return JSON.stringify(Object.assign({}, window.sessionStorage))")
    assert "Qzorvak" not in stored and old_id not in stored
    assert [m["text"] for m in widget.messages()] == ["Done: this conversation has been deleted."]

    # A reload shows nothing of it either, and the next message starts the new conversation.
    driver.refresh()
    widget.load("/")  # reopens by itself, as it was open
    assert "Qzorvak" not in json.dumps(widget.messages())
    widget.ask("after the erasure")
    assert [m["text"] for m in received(fake_rasa, state["sessionId"])] == ["after the erasure"]
    assert "after the erasure" not in [m["text"] for m in received(fake_rasa, old_id)]


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------


def test_assistant_text_is_rendered_safely(fake_site, driver):
    widget = opened(driver, fake_site)
    widget.ask("render check")
    # Rasa sends each paragraph (text between blank lines) as its own message:
    # look at everything after the question, as one.
    widget.wait_for_bot_messages(3)
    bubble = shadow_js(
        widget,
        """
        const b = document.createElement('div');
        const after = root.querySelectorAll('.bpw-msg--user ~ .bpw-msg--bot .bpw-bubble');
        after.forEach(x => b.append(x.cloneNode(true)));
        return {
          tags: [...b.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
          links: [...b.querySelectorAll('a')].map(a => ({
            href: a.getAttribute('href'), text: a.firstChild.textContent,
            target: a.getAttribute('target'), rel: a.getAttribute('rel')})),
          paragraphs: [...b.querySelectorAll('.bpw-bubble > p')].map(p => p.textContent),
          items: [...b.querySelectorAll('li')].map(li => li.textContent),
          brs: b.querySelectorAll('br').length,
          text: b.textContent,
        };
        """,
    )
    # Markup in the message stays characters.
    assert set(bubble["tags"]) <= {"div", "p", "br", "ul", "li", "a", "span"}, bubble["tags"]
    assert '<img src=x onerror="alert(1)">' in bubble["text"]
    assert "<script>alert(2)</script>" in bubble["text"]
    assert "javascript:alert(3)" in bubble["text"]
    assert widget.dialogs() == []
    # Line breaks and bullets are kept.
    assert bubble["brs"] == 2
    assert bubble["paragraphs"][0].startswith("Markup stays text:")
    assert len(bubble["items"]) == 2
    # Addresses become links; only safe schemes; web links open safely in a new tab.
    assert bubble["links"] == [
        {"href": "https://example.org/a_(b)?q=1", "text": "https://example.org/a_(b)?q=1",
         "target": "_blank", "rel": "noopener noreferrer"},
        {"href": "mailto:info@example.org", "text": "info@example.org", "target": None, "rel": None},
        {"href": "tel:+18002821376", "text": "1-800-282-1376", "target": None, "rel": None},
        {"href": "https://example.org/guide", "text": "the guide", "target": "_blank", "rel": "noopener noreferrer"},
    ]
    assert "[bad link](javascript:alert(4))" in bubble["text"]


def test_quick_replies_send_their_payload_and_show_their_title(fake_site, fake_rasa, driver):
    widget = opened(driver, fake_site)
    widget.ask("buttons check")
    buttons = widget.find_all(".bpw-replies .bpw-reply")
    assert [b.get_attribute("textContent") for b in buttons] == ["Alberta", "<b>Québec</b>"]
    assert shadow_js(widget, "return root.querySelectorAll('.bpw-replies b').length") == 0
    group = widget.find(".bpw-replies")
    assert group.get_attribute("role") == "group"
    assert group.get_attribute("aria-label") == "Suggested answers"

    bots = len(widget.messages("bot"))
    buttons[0].click()
    widget.wait_for_bot_messages(bots + 1)
    assert widget.messages("user")[-1]["text"] == "Alberta"
    assert "Alberta" in widget.messages("bot")[-1]["text"]
    sent = [m["text"] for m in received(fake_rasa, widget.stored_state()["sessionId"])]
    assert sent[-1] == '/inform_location{"province": "AB"}'
    # Used suggestions go away, and focus goes back to the question box.
    assert widget.find_all(".bpw-replies") == []
    assert widget.active_element_class() == "bpw-input"


def test_typing_indicator_shows_while_waiting(fake_site, driver):
    widget = opened(driver, fake_site)
    widget.type("slow check")
    wait_until(lambda: widget.find(".bpw-typing__bubble").is_displayed(), 2, message="the typing indicator")
    assert widget.find(".bpw-typing").get_attribute("role") == "status"
    assert widget.find(".bpw-typing").get_attribute("textContent") == "The assistant is typing..."
    widget.wait_for_bot_messages(2, timeout=10)
    assert widget.find(".bpw-typing").get_attribute("textContent") == ""


def test_falls_back_to_long_polling_when_websockets_are_blocked(fake_site, driver):
    # As a proxy that drops WebSockets would: every WebSocket fails to connect.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        const Real = window.WebSocket;
        window.WebSocket = function (url, protocols) { return new Real('ws://127.0.0.1:9/', protocols); };
        Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
        window.WebSocket.prototype = Real.prototype;
    """})
    widget = opened(driver, fake_site)
    assert "consent" in widget.ask("Can they use my face?")["text"]
    polls = widget.js("return performance.getEntriesByType('resource').map(e => e.name)"
                      ".filter(n => n.includes('/socket.io/') && n.includes('transport=polling'))")
    assert polls


# --------------------------------------------------------------------------
# server unreachable
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, words",
    [("/", "The assistant cannot be reached right now."), ("/fr/", "L'assistant est injoignable pour le moment.")],
)
def test_unreachable_server_gives_the_phone_number(offline_site, driver, path, words):
    widget = Widget(driver, offline_site.base_url).load(path)
    widget.open()
    alert = wait_until(lambda: widget.find(".bpw-alert__box"), 20, message="the unreachable message")
    assert widget.find(".bpw-alert").get_attribute("role") == "alert"
    assert words in alert.text
    assert "1-800-282-1376" in alert.text
    phone = widget.find(".bpw-phone")
    assert phone.get_attribute("href") == "tel:+18002821376"

    # A question typed meanwhile is kept, and the resident is told so.
    widget.type("are you there?")
    assert widget.messages("user")[-1]["text"] == "are you there?"
    expected = "when the assistant can be reached" if path == "/" else "lorsque l'assistant sera joignable"
    wait_until(lambda: expected in widget.find(".bpw-alert").text, 5, message="the queued note")
    assert widget.dialogs() == []
    violations = widget.run_axe()
    assert violations == [], widget.describe(violations)


def test_no_answer_in_time_offers_retry_and_the_phone_number(fake_site, driver):
    # A short data-response-timeout, set on the script tag before it runs.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        new MutationObserver((changes, observer) => {
          const tag = document.querySelector('script[data-server-url]');
          if (tag) { tag.setAttribute('data-response-timeout', '2'); observer.disconnect(); }
        }).observe(document, {childList: true, subtree: true});
    """})
    widget = opened(driver, fake_site)
    widget.type("silent check")
    alert = wait_until(lambda: widget.find(".bpw-alert__box"), 10, message="the no-answer message")
    assert "The assistant did not answer." in alert.text and "1-800-282-1376" in alert.text
    assert widget.find(".bpw-typing").get_attribute("textContent") == ""

    widget.find(".bpw-retry").click()
    assert widget.find_all(".bpw-alert__box") == []
    assert widget.active_element_class() == "bpw-input"
    assert "consent" in widget.ask("Can they use my face?")["text"]


# --------------------------------------------------------------------------
# keyboard, focus, layout
# --------------------------------------------------------------------------


def test_keyboard_only_use(fake_site, driver):
    widget = Widget(driver, fake_site.base_url).load("/")
    keys = ActionChains(driver)

    # Tab through the page until the launcher has focus.
    for _ in range(40):
        keys.send_keys(Keys.TAB).perform()
        if widget.active_element_class() == "bpw-launcher":
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    assert shadow_js(widget, "return root.activeElement.matches(':focus-visible')")
    outline = shadow_js(widget, "return getComputedStyle(root.activeElement).outlineStyle")
    assert outline not in ("", "none")

    # Enter opens it and puts focus in the question box.
    keys.send_keys(Keys.ENTER).perform()
    wait_until(widget.is_open, 5, message="the panel to open")
    assert widget.active_element_class() == "bpw-input"
    assert widget.find(".bpw-launcher").get_attribute("aria-expanded") == "true"
    widget.wait_for_bot_messages(1)

    # Typing and Enter sends; Shift+Enter makes a new line instead.
    keys.send_keys("first line").key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT)
    keys.send_keys("second line").send_keys(Keys.ENTER).perform()
    widget.wait_for_bot_messages(2)
    assert widget.messages("user")[-1]["text"] == "first line\nsecond line"
    ActionChains(driver).send_keys("buttons check", Keys.ENTER).perform()
    widget.wait_for_bot_messages(3)

    # Every control in the panel is reachable, each with a visible focus style:
    # Tab from the question box to Send, then Shift+Tab back up to the launcher.
    def focused():
        name = widget.active_element_class()
        style = shadow_js(widget, "const s = getComputedStyle(root.activeElement); return [s.outlineStyle, s.outlineWidth]")
        assert style[0] != "none" and style[1] != "0px", (name, style)
        return name.split()[0]

    ActionChains(driver).send_keys(Keys.TAB).perform()
    seen = [focused()]
    for _ in range(20):
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        seen.append(focused())
        if seen[-1] == "bpw-launcher":
            break
    assert seen == [
        "bpw-send", "bpw-input", "bpw-reply", "bpw-reply", "bpw-log", "bpw-new",
        "bpw-lang__button", "bpw-lang__button", "bpw-close", "bpw-launcher",
    ], seen

    # Escape closes and gives focus back to the launcher.
    widget.find(".bpw-input").click()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait_until(lambda: not widget.is_open(), 5, message="the panel to close")
    assert widget.active_element_class() == "bpw-launcher"
    assert widget.find(".bpw-launcher").get_attribute("aria-expanded") == "false"


def test_close_button_returns_focus_to_the_launcher(fake_site, driver):
    widget = opened(driver, fake_site)
    widget.find(".bpw-close").click()
    wait_until(lambda: not widget.is_open(), 5, message="the panel to close")
    assert widget.active_element_class() == "bpw-launcher"


def test_fits_a_320px_phone(fake_site, phone_driver, tmp_path):
    widget = opened(phone_driver, fake_site, "/fr/")
    widget.ask("Peut-on utiliser mon visage?")
    widget.ask("buttons check")
    layout = shadow_js(
        widget,
        """
        const r = e => e.getBoundingClientRect();
        const panel = root.querySelector('.bpw-panel');
        const inside = [...root.querySelectorAll('.bpw-panel button, .bpw-input, .bpw-bubble, .bpw-title')]
          .filter(e => e.offsetParent !== null).map(e => [e.className, r(e).left, r(e).right]);
        return {
          viewport: window.innerWidth,
          pageScroll: document.documentElement.scrollWidth,
          panel: [r(panel).left, r(panel).right, r(panel).top, r(panel).bottom],
          panelOverflow: panel.scrollWidth - panel.clientWidth,
          logOverflow: root.querySelector('.bpw-log').scrollWidth - root.querySelector('.bpw-log').clientWidth,
          inside,
        };
        """,
    )
    assert layout["viewport"] == 320
    assert layout["pageScroll"] <= 320
    left, right, top, bottom = layout["panel"]
    assert left >= 0 and right <= 320 and top >= 0 and bottom <= 640
    assert layout["panelOverflow"] <= 0 and layout["logOverflow"] <= 0
    for name, l, r in layout["inside"]:
        assert l >= 0 and r <= 320, (name, l, r)
    phone_driver.save_screenshot(str(tmp_path / "phone.png"))
    violations = widget.run_axe()
    assert violations == [], widget.describe(violations)


def test_text_resizes_with_the_page(fake_site, driver):
    widget = opened(driver, fake_site)

    def sizes():
        return shadow_js(
            widget,
            "return ['.bpw-title', '.bpw-input', '.bpw-bubble', '.bpw-send']"
            ".map(s => parseFloat(getComputedStyle(root.querySelector(s)).fontSize))",
        )

    normal = sizes()
    widget.js("document.documentElement.style.fontSize = '200%'")
    doubled = sizes()
    assert doubled == [2 * size for size in normal]


# --------------------------------------------------------------------------
# served from the project's own files
# --------------------------------------------------------------------------


def test_only_own_files_and_the_assistant_are_contacted(fake_site, driver):
    widget = opened(driver, fake_site)
    widget.ask("Can they use my face?")
    resources = widget.js("return performance.getEntriesByType('resource').map(e => e.name)")
    allowed = (fake_site.base_url + "/", fake_site.rasa_url.replace("http", "ws", 1) + "/",
               fake_site.rasa_url + "/")
    assert resources
    assert [url for url in resources if not url.startswith(allowed)] == []
    # Under the server's Content-Security-Policy nothing was blocked or failed.
    problems = [e["message"] for e in widget.browser_errors()]
    assert problems == []
