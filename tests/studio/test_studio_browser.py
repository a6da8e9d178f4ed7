"""A staff member in the studio, in headless Chromium, against the real
assistant reading the catalogs the studio edits:

- signing in fails with a wrong password, and repeated failures lock the account;
- an answer edited in both languages is saved as a git commit in their name
  and is in the assistant's very next reply, in English and in French;
- a broken text (an unclosed '{') is refused: residents keep the last good text;
- an earlier version is restored from the history, as one more commit;
- an answer's button titles and a short message, edited in both languages,
  are in the assistant's very next reply, and the button's payload is kept;
- a new question is refused with too few examples, then added with its
  examples and answer in both languages, ready for retraining;
- every page passes axe-core in both languages, and works from the keyboard.
"""

import json
import urllib.request
import uuid

import pytest
from browser import By, Keys, StaleElementReferenceException, axe_violations, describe_violations, wait_until
from conftest import git
from stack import MODEL, ROOT, running_stack

# Written by every run, so kept out of the tracked docs/screenshots/ (the
# guides' copies are refreshed from here by hand when the pages change).
SCREENSHOTS = ROOT / "results" / "screenshots"
KEY = "consent_biometrics"
QUESTIONS = {"en": "Can a company use my face without asking?",
             "fr": "Une entreprise peut-elle utiliser mon visage sans me demander?"}
ORIGINAL = {"en": "Generally, no. Your face,", "fr": "En général, non. Votre visage,"}
EDITED = {"en": "In most cases, no. Your face,", "fr": "Dans la plupart des cas, non. Votre visage,"}


@pytest.fixture(scope="module")
def assistant(studio_repo, tmp_path_factory):
    """The real action server and Rasa server, reading the studio's catalogs."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    with running_stack(tmp_path_factory.mktemp("stack"),
                       extra_env={"LOCALES_DIR": str(studio_repo / "locales")}) as stack:
        yield stack


def replies(stack, lang):
    """The assistant's replies to the question, as the REST channel sends them (text, buttons)."""
    body = json.dumps({"sender": f"studio-{uuid.uuid4().hex[:8]}", "message": QUESTIONS[lang]}).encode()
    request = urllib.request.Request(stack.rest_url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def ask(stack, lang):
    return "\n".join(r.get("text", "") for r in replies(stack, lang))


def assert_accessible(driver, what):
    violations = axe_violations(driver)
    assert not violations, f"{what}:\n{describe_violations(violations)}"


def text_of(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def gone(element):
    try:
        element.tag_name
    except StaleElementReferenceException:
        return True
    return False


def sign_in(driver, studio, name, password, lang="en"):
    """With the keyboard only: Tab into each field, type, Enter; returns once
    the next page is there."""
    driver.get(f"{studio.url}/{lang}/signin")
    page = driver.find_element(By.TAG_NAME, "html")
    field = driver.find_element(By.ID, "name")
    field.clear()
    field.send_keys(name)
    field.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "password"
    driver.switch_to.active_element.send_keys(password, Keys.ENTER)
    wait_until(lambda: gone(page), message="the page after signing in")


def test_wrong_password_fails_and_repeated_failures_lock(studio, driver):
    for lang in ("en", "fr"):
        driver.get(f"{studio.url}/{lang}/signin")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
        assert_accessible(driver, f"sign-in page ({lang})")

    sign_in(driver, studio, studio.other, "not the password")
    message = wait_until(lambda: text_of(driver, "[role=alert]"), message="the sign-in error")
    assert message.startswith("The name or the password is wrong"), message
    assert_accessible(driver, "sign-in page with an error (en)")
    for _ in range(3):
        sign_in(driver, studio, studio.other, "not the password either")
        assert text_of(driver, "[role=alert]").startswith("The name or the password is wrong")
    sign_in(driver, studio, studio.other, "fifth wrong password", lang="fr")
    assert text_of(driver, "[role=alert]").startswith("Ce compte est verrouillé")
    assert_accessible(driver, "sign-in page, account locked (fr)")
    # Locked: even the right password is refused, with the same clear message.
    sign_in(driver, studio, studio.other, studio.password)
    assert text_of(driver, "[role=alert]").startswith("This account is locked")
    assert "/signin" in driver.current_url


def test_edit_both_languages_is_live_and_recorded(studio, assistant, driver):
    for lang in ("en", "fr"):
        assert ask(assistant, lang).startswith(ORIGINAL[lang])

    sign_in(driver, studio, studio.editor, studio.password)
    wait_until(lambda: driver.find_element(By.TAG_NAME, "h1").text == "Answers", message="the answers list")
    assert_accessible(driver, "answers list (en)")
    driver.find_element(By.CSS_SELECTOR, f"a[href='/en/answers/{KEY}']").click()
    # docs/STAFF.md and STAFF.fr.md show the page as it opens.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "studio-answer-en.png"))
    driver.get(f"{studio.url}/fr/answers/{KEY}")
    driver.save_screenshot(str(SCREENSHOTS / "studio-answer-fr.png"))
    driver.get(f"{studio.url}/en/answers/{KEY}")
    for lang in ("en", "fr"):
        box = driver.find_element(By.ID, f"text_{lang}")
        assert box.get_attribute("lang") == lang
        text = box.get_attribute("value")
        assert text.startswith(ORIGINAL[lang])
        box.clear()
        box.send_keys(text.replace(ORIGINAL[lang], EDITED[lang], 1))
    driver.find_element(By.ID, "translation_checked").send_keys(Keys.SPACE)
    driver.find_element(By.ID, "message").send_keys("Plainer opening sentence")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    notice = wait_until(lambda: text_of(driver, "[role=status]"), message="the saved notice")
    assert notice.startswith("Saved and published"), notice

    # Live: the very next reply, in both languages, without a restart.
    for lang in ("en", "fr"):
        reply = ask(assistant, lang)
        assert reply.startswith(EDITED[lang]), reply
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert (author, subject) == (studio.editor, f"{KEY}: Plainer opening sentence")
    assert git(studio.repo, "status", "--porcelain") == ""

    # The preview shows the saved text as the widget and an SMS would.
    bubbles = driver.find_elements(By.CSS_SELECTOR, "[lang=fr] .widget-preview .bubble")
    assert bubbles[0].text.startswith(EDITED["fr"])
    assert "Source : https://www.cai.gouv.qc.ca/biometrie/" in text_of(driver, "[lang=fr] pre.sms")
    # The widget's renderer ran: the link in a chat bubble says it opens a new tab, in French.
    assert "(s'ouvre dans un nouvel onglet)" in bubbles[-1].text
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"], driver.get_log("browser")
    assert_accessible(driver, "answer page (en)")
    driver.find_element(By.CSS_SELECTOR, "a[hreflang=fr]").click()
    wait_until(lambda: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", message="French")
    assert driver.find_element(By.TAG_NAME, "h1").text == f"Réponse : {KEY}"
    assert_accessible(driver, "answer page (fr)")


def test_broken_text_is_refused_and_residents_keep_the_last_good_text(studio, assistant, driver):
    sign_in(driver, studio, studio.editor, studio.password)
    driver.get(f"{studio.url}/en/answers/{KEY}")
    saved = (studio.repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8")
    box = driver.find_element(By.ID, "text_en")
    box.send_keys(Keys.CONTROL, Keys.END)
    box.send_keys(" See {retention_days for details.")
    # Checked as it is typed, before any button is pressed.
    live = wait_until(lambda: (lambda text: text if "is not paired" in text else None)(text_of(driver, "#live-check")),
                      message="the check while typing")
    assert live.startswith("Checked as you type: 1 problem(s) to fix before saving."), live
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    notice = wait_until(lambda: text_of(driver, "[role=alert]"), message="the refusal")
    assert notice.startswith("Not saved. Residents still get the last good text"), notice
    problems = text_of(driver, "#problems")
    assert "'consent_biometrics': a '{' or '}' is not paired" in problems, problems
    assert_accessible(driver, "refused save (en)")
    # Nothing written, nothing committed; the assistant answers as before.
    assert (studio.repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8") == saved
    assert git(studio.repo, "status", "--porcelain") == ""
    assert ask(assistant, "en").startswith(EDITED["en"])
    # The staff member's draft is still in the form, to fix.
    assert "{retention_days for details." in driver.find_element(By.ID, "text_en").get_attribute("value")


def test_restore_an_earlier_version_from_history(studio, assistant, driver):
    sign_in(driver, studio, studio.editor, studio.password, lang="fr")
    driver.get(f"{studio.url}/fr/answers/{KEY}/history")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.history tbody tr")
    assert len(rows) == 2, [row.text for row in rows]
    assert studio.editor in rows[0].text and "Plainer opening sentence" in rows[0].text
    assert "Setup" in rows[1].text
    assert_accessible(driver, "history (fr)")
    driver.get(f"{studio.url}/en/answers/{KEY}/history")
    assert_accessible(driver, "history (en)")

    restore = driver.find_element(By.CSS_SELECTOR, "table.history tbody tr:nth-child(2) button")
    restore.send_keys(Keys.ENTER)  # the keyboard is enough
    notice = wait_until(lambda: text_of(driver, "[role=status]"), message="the restored notice")
    assert notice.startswith("Restored the version of"), notice
    for lang in ("en", "fr"):
        assert ask(assistant, lang).startswith(ORIGINAL[lang])
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert author == studio.editor and subject.startswith(f"{KEY}: restore the version of"), subject
    driver.get(f"{studio.url}/en/answers/{KEY}/history")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.history tbody tr")) == 3


BUTTONS = {"en": ("How to make a complaint", "How to file a complaint"),
           "fr": ("Comment porter plainte", "Comment déposer une plainte")}
SOURCE = {"en": ("Source: {url}", "Official source: {url}"),
          "fr": ("Source : {url}", "Source officielle : {url}")}


def test_button_titles_and_a_short_message_are_live_and_recorded(studio, assistant, driver):
    sign_in(driver, studio, studio.editor, studio.password)
    for lang in ("fr", "en"):  # docs/STAFF.md and STAFF.fr.md show the buttons' part of the page
        driver.get(f"{studio.url}/{lang}/answers/{KEY}")
        driver.execute_script("arguments[0].scrollIntoView(); window.scrollBy(0, -120)",
                              driver.find_element(By.CSS_SELECTOR, "fieldset.buttons"))
        driver.save_screenshot(str(SCREENSHOTS / f"studio-buttons-{lang}.png"))
    # What the button asks is shown in plain words; only its title is a field.
    assert "When chosen, it asks: \u201cHow to complain\u201d complaint_how" in text_of(driver, "#button_en_1_asks")
    for lang in ("en", "fr"):
        field = driver.find_element(By.ID, f"button_{lang}_1")
        assert field.get_attribute("lang") == lang and field.get_attribute("value") == BUTTONS[lang][0]
        field.clear()
        field.send_keys(BUTTONS[lang][1])
    driver.find_element(By.ID, "translation_checked").send_keys(Keys.SPACE)
    driver.find_element(By.ID, "message").send_keys("Buttons say file")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    notice = wait_until(lambda: text_of(driver, "[role=status]"), message="the saved notice")
    assert notice.startswith("Saved and published"), notice
    assert BUTTONS["fr"][1] in text_of(driver, "[lang=fr] .quick-replies")
    assert f"1. {BUTTONS['fr'][1]}" in text_of(driver, "[lang=fr] pre.sms")
    for lang in ("en", "fr"):
        buttons = [b for reply in replies(assistant, lang) for b in reply.get("buttons") or []]
        assert {"title": BUTTONS[lang][1], "payload": "/complaint_how"} in buttons, buttons
    assert git(studio.repo, "log", "-1", "--format=%an|%s").strip() == f"{studio.editor}|{KEY}: Buttons say file"

    driver.find_element(By.LINK_TEXT, "Short messages").click()
    wait_until(lambda: driver.find_element(By.TAG_NAME, "h1").text == "Short messages", message="the messages")
    assert_accessible(driver, "short messages (en)")
    driver.save_screenshot(str(SCREENSHOTS / "studio-messages-en.png"))
    driver.get(f"{studio.url}/en/messages/source")
    driver.save_screenshot(str(SCREENSHOTS / "studio-message-en.png"))
    assert_accessible(driver, "short message (en)")
    driver.get(f"{studio.url}/fr/messages")
    assert_accessible(driver, "short messages (fr)")
    driver.save_screenshot(str(SCREENSHOTS / "studio-messages-fr.png"))
    driver.find_element(By.CSS_SELECTOR, "a[href='/fr/messages/source']").send_keys(Keys.ENTER)
    wait_until(lambda: driver.find_element(By.TAG_NAME, "h1").text == "Message court : source", message="the message")
    driver.save_screenshot(str(SCREENSHOTS / "studio-message-fr.png"))
    assert_accessible(driver, "short message (fr)")
    box = driver.find_element(By.ID, "text_fr")
    box.clear()
    box.send_keys("Source officielle : {url")  # checked as it is typed, before any button is pressed
    live = wait_until(lambda: (lambda text: text if "n'a pas sa paire" in text else None)(text_of(driver, "#live-check")),
                      message="the check while typing")
    assert live.startswith("Vérifié pendant la saisie :") and "aucun problème" not in live, live
    for lang in ("en", "fr"):
        box = driver.find_element(By.ID, f"text_{lang}")
        assert box.get_attribute("lang") == lang
        box.clear()
        box.send_keys(SOURCE[lang][1])
    wait_until(lambda: text_of(driver, "#live-check") == "Vérifié pendant la saisie : aucun problème.",
               message="the check passing")
    driver.find_element(By.ID, "translation_checked").send_keys(Keys.SPACE)
    driver.find_element(By.ID, "message").send_keys("Say the source is official")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    notice = wait_until(lambda: text_of(driver, "[role=status]"), message="the saved notice")
    assert notice.startswith("Enregistré et publié"), notice
    # The preview is an answer with its source line, as residents get it.
    assert "Source officielle : https://" in text_of(driver, ".preview .language[lang=fr] pre.sms")
    assert_accessible(driver, "short message saved (fr)")

    # Live: the very next reply, in both languages, without a restart.
    for lang in ("en", "fr"):
        reply = ask(assistant, lang)
        assert SOURCE[lang][1].replace("{url}", "https://") in reply, reply
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert (author, subject) == (studio.editor, "messages.source: Say the source is official")
    assert git(studio.repo, "status", "--porcelain") == ""

    driver.get(f"{studio.url}/en/messages/source")
    assert_accessible(driver, "short message saved (en)")
    driver.get(f"{studio.url}/en/messages/source/history")
    assert_accessible(driver, "short message history (en)")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.history tbody tr")
    assert len(rows) == 2 and "Say the source is official" in rows[0].text, [row.text for row in rows]


def test_a_new_question_is_checked_then_added(studio, driver):
    sign_in(driver, studio, studio.editor, studio.password, lang="fr")
    driver.get(f"{studio.url}/fr/questions/new")
    assert_accessible(driver, "new question (fr)")
    driver.find_element(By.ID, "name").send_keys("clearview_rcmp")
    driver.find_element(By.CSS_SELECTOR, "#topic option[value=clearview]").click()
    fields = {
        "examples_en": "\n".join(f"did the RCMP use clearview, case {i}" for i in range(15)),
        "examples_fr": "la GRC a-t-elle utilisé clearview",
        "text_en": "Yes. The RCMP was a paying customer of Clearview AI.",
        "text_fr": "Oui. La GRC était une cliente payante de Clearview AI.",
        "sources_en": "https://www.priv.gc.ca/en/opc-actions-and-decisions/investigations/"
                      "investigations-into-businesses/2021/pipeda-2021-001/",
        "sources_fr": "https://www.priv.gc.ca/fr/mesures-et-decisions-prises-par-le-commissariat/enquetes/"
                      "enquetes-visant-les-entreprises/2021/lprpde-2021-001/",
    }
    for field, value in fields.items():
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    notice = wait_until(lambda: text_of(driver, "[role=alert]"), message="the refusal")
    assert notice.startswith("Non ajoutée. Rien n'a été écrit"), notice
    # On the French page, in French.
    assert "1 exemple(s) d'entraînement en français, il en faut au moins 15" in text_of(driver, "#problems")
    assert_accessible(driver, "new question refused (fr)")
    assert git(studio.repo, "status", "--porcelain") == ""

    examples = driver.find_element(By.ID, "examples_fr")
    examples.clear()
    examples.send_keys("\n".join(f"la GRC a-t-elle utilisé clearview, cas {i}" for i in range(15)))
    driver.find_element(By.ID, "translation_checked").send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    notice = wait_until(lambda: text_of(driver, "[role=status]"), timeout=180, message="the question added")
    assert notice.startswith("La question clearview_rcmp a été ajoutée"), notice
    assert driver.current_url.endswith("/fr/training")
    assert_accessible(driver, "retraining (fr)")
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert (author, subject) == (studio.editor, "clearview_rcmp: new question from the studio")
    assert "clearview_rcmp" in (studio.repo / "domain.yml").read_text()
