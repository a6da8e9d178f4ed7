"""A staff member teaches the running assistant a new question, in headless
Chromium: the question with its examples and answer in both languages,
then *Retrain now*, the progress bar to the end, and the assistant (started
before, never restarted) answers it in English and in French; a conversation
started before the retraining keeps its language.

As under `make run`: the studio retrains in its checkout (a throwaway copy
here), writing models/assistant.tar.gz there; the model server serves that
file and Rasa pulls it every second; the action server reads that copy's
catalogs. Training takes a few minutes on two processors.
"""

import shutil
import time
import uuid

import pytest
from browser import By, StaleElementReferenceException, wait_until
from conftest import git, running_studio
from stack import MODEL, ROOT, replies, running_stack, say
from test_studio_browser import assert_accessible, sign_in, text_of

from assistant import language

LOADED = "Loaded the model from the model server"  # resilience/rasa_hooks.py
TRAINING_TIMEOUT = 900  # seconds; 3 to 5 minutes on two busy processors, more under load
NAME = "smart_glasses"
EXAMPLES = {
    "en": [
        "can smart glasses recognize my face",
        "someone wearing smart glasses identified me on the street",
        "are smart glasses with face recognition legal in Canada",
        "a stranger's camera glasses knew my name",
        "can camera glasses look up who I am",
        "is it allowed to wear face recognizing glasses in public",
        "smart glasses that scan faces and find names online",
        "my neighbour's smart glasses record faces",
        "can a store clerk use smart glasses to identify shoppers",
        "do I have rights against smart glasses that recognize people",
        "wearable glasses with facial recognition and my privacy",
        "someone used AR glasses to find my social media",
        "are glasses that identify strangers a privacy problem",
        "can police officers wear smart glasses that recognize faces",
        "what can I do about smart glasses filming and identifying me",
    ],
    "fr": [
        "des lunettes intelligentes peuvent-elles reconnaître mon visage",
        "quelqu'un avec des lunettes intelligentes m'a identifié dans la rue",
        "les lunettes à reconnaissance faciale sont-elles légales au Canada",
        "les lunettes caméra d'un inconnu connaissaient mon nom",
        "des lunettes caméra peuvent-elles trouver qui je suis",
        "a-t-on le droit de porter des lunettes qui reconnaissent les visages en public",
        "lunettes intelligentes qui scannent les visages et trouvent les noms en ligne",
        "les lunettes intelligentes de mon voisin enregistrent les visages",
        "un commis peut-il utiliser des lunettes intelligentes pour identifier les clients",
        "quels sont mes droits face aux lunettes intelligentes qui reconnaissent les gens",
        "lunettes connectées avec reconnaissance faciale et ma vie privée",
        "quelqu'un a utilisé des lunettes connectées pour trouver mes réseaux sociaux",
        "des lunettes qui identifient les inconnus, est-ce un problème de vie privée",
        "les policiers peuvent-ils porter des lunettes intelligentes qui reconnaissent les visages",
        "que faire contre des lunettes intelligentes qui me filment et m'identifient",
    ],
}
ANSWERS = {
    "en": "Smart glasses that recognize faces collect biometric information. A business needs your "
          "consent before it identifies you this way.",
    "fr": "Les lunettes intelligentes qui reconnaissent les visages recueillent des renseignements "
          "biométriques. Une entreprise doit avoir votre consentement avant de vous identifier ainsi.",
}
SOURCES = {"en": "https://www.priv.gc.ca/en/privacy-topics/technology/",
           "fr": "https://www.priv.gc.ca/fr/sujets-lies-a-la-protection-de-la-vie-privee/technologie/"}
# Worded unlike any example: the new intent has to be learnt, not looked up.
# A question worded unlike the examples may get the new question offered as
# the one close match, or among a few, rather than answered at once.
OFFERED = {"en": "Did you mean this?", "fr": "Vouliez-vous parler de ceci?"}
OFFERED_AMONG = {"en": "Did you mean one of these?", "fr": "Vouliez-vous parler de l'un de ces sujets?"}
YES = {"en": "yes", "fr": "oui"}
# ("Is it legal for smart glasses to recognize my face?" is now taken for the
# existing question on everyday uses of biometrics, which answers it too.)
QUESTIONS = {"en": "Do smart glasses that put a name on my face break privacy rules?",
             "fr": "Est-ce légal que des lunettes intelligentes reconnaissent mon visage quand je passe?"}


@pytest.fixture(scope="module")
def teaching(studio_repo, tmp_path_factory):
    """The studio, and the assistant pulling the model the studio retrains.
    The throwaway repository holds data, not code: `rasa train` there finds
    the pipeline's tokenizer (nlu/) through PYTHONPATH."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    model = studio_repo / "models" / MODEL.name
    model.parent.mkdir(exist_ok=True)
    shutil.copy2(MODEL, model)
    with running_stack(tmp_path_factory.mktemp("stack"), model=model, model_pull_seconds=1,
                       extra_env={"LOCALES_DIR": str(studio_repo / "locales")}) as stack, \
            running_studio(studio_repo, tmp_path_factory.mktemp("studio"), PYTHONPATH=str(ROOT)) as studio:
        yield studio, stack


def loads(stack) -> int:
    return stack.rasa_log.read_text(errors="replace").count(LOADED)


def progress_value(driver):
    """The progress bar's value, or None once the page shows the run ended
    (-1 while the page is being reloaded)."""
    try:
        bars = driver.find_elements(By.ID, "training-progress")
        return int(bars[0].get_attribute("value")) if bars else None
    except StaleElementReferenceException:
        return -1


def test_a_new_question_is_answered_in_both_languages_after_retraining(teaching, driver):
    studio, stack = teaching
    for lang in ("en", "fr"):
        assert ANSWERS[lang][:40] not in say(stack, f"before-{uuid.uuid4().hex[:8]}", QUESTIONS[lang])
    # Conversations under way: one switched to French, one in French from the start.
    switched, french = f"switched-{uuid.uuid4().hex[:8]}", f"french-{uuid.uuid4().hex[:8]}"
    say(stack, switched, "Hello")
    assert "continuons en français" in say(stack, switched, "Can we speak French?")
    assert language.detect(say(stack, french, "Bonjour")) == "fr"
    assert loads(stack) == 1

    sign_in(driver, studio, studio.editor, studio.password)
    driver.get(f"{studio.url}/en/questions/new")
    driver.find_element(By.ID, "name").send_keys(NAME)
    driver.find_element(By.CSS_SELECTOR, "#topic option[value=consent]").click()
    for lang in ("en", "fr"):
        driver.find_element(By.ID, f"examples_{lang}").send_keys("\n".join(EXAMPLES[lang]))
        driver.find_element(By.ID, f"text_{lang}").send_keys(ANSWERS[lang])
        driver.find_element(By.ID, f"sources_{lang}").send_keys(SOURCES[lang])
    driver.find_element(By.ID, "translation_checked").click()
    driver.find_element(By.ID, "message").send_keys("Smart glasses that recognize faces")
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    notice = wait_until(lambda: text_of(driver, "[role=status]"), timeout=180, message="the question added")
    assert notice.startswith(f"The question {NAME} was added"), notice
    assert driver.current_url.endswith("/en/training")
    assert git(studio.repo, "log", "-1", "--format=%an|%s").strip() == \
        f"{studio.editor}|{NAME}: Smart glasses that recognize faces"

    driver.find_element(By.CSS_SELECTOR, "form[action='/en/training'] button.primary").click()
    wait_until(lambda: progress_value(driver) is not None, timeout=30, message="the progress bar")
    assert_accessible(driver, "retraining in progress (en)")
    driver.get(f"{studio.url}/fr/training")
    assert text_of(driver, "label[for=training-progress]") == "Réentraînement en cours"
    assert_accessible(driver, "retraining in progress (fr)")

    # The page follows the run by itself (studio.js), then reloads once it ends.
    seen = set()
    started = time.monotonic()
    while time.monotonic() - started < TRAINING_TIMEOUT:
        value = progress_value(driver)
        if value is None:
            break
        seen.add(value)
        time.sleep(1)
    ended = wait_until(lambda: text_of(driver, "p.notice"), timeout=30, message="the end of the retraining")
    assert ended.startswith("Réentraînement terminé"), f"{ended}\n{text_of(driver, 'main')}"
    assert any(0 < value < 100 for value in seen), f"the bar never moved: {sorted(seen)}"
    assert_accessible(driver, "retraining done (fr)")
    driver.get(f"{studio.url}/en/training")
    assert text_of(driver, "[role=status]").startswith("Retraining finished")
    assert_accessible(driver, "retraining done (en)")

    # The running assistant pulls the new model: no restart.
    wait_until(lambda: loads(stack) >= 2, timeout=180, interval=0.5, message="the new model loaded")
    for lang in ("en", "fr"):
        sender = f"after-{uuid.uuid4().hex[:8]}"
        first = replies(stack, sender, QUESTIONS[lang])
        reply = "\n".join(r.get("text", "") for r in first)
        if reply.startswith(OFFERED[lang]):
            # Offered as the one close match ("Did you mean this?"): a yes
            # answers it, and only the new question's answer passes.
            reply = say(stack, sender, YES[lang])
        elif reply.startswith(OFFERED_AMONG[lang]):
            # Offered among a few close matches: its button answers it.
            payloads = [b["payload"] for r in first for b in r.get("buttons") or []]
            assert f"/{NAME}" in payloads, f"{lang}: {reply} {payloads}"
            reply = say(stack, sender, f"/{NAME}")
        assert reply.startswith(ANSWERS[lang]), f"{lang}: {reply}"
    # Started before the retraining, answered after it, in their language.
    assert language.detect(say(stack, switched, "ok")) == "fr"
    assert say(stack, french, QUESTIONS["fr"]).startswith(ANSWERS["fr"])
