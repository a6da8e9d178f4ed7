""""Was this helpful? Yes / No" in every messaging app, end to end, in both
languages: offered after a topic answer the way the app shows choices, the
tap caught before Rasa, stored without the conversation, and thanked.

The plain functions (channels/feedback.py) are tested without the stack at
the end of this file.
"""

import sqlite3

import pytest
from conftest import new_id
from rasa.shared.core.events import BotUttered, UserUttered

from assistant import feedback, language
from assistant.catalog import Catalog
from channels import feedback as offered_feedback
from channels.formatting import numbered_options

# A question whose answer is a topic (with one option of its own), in each language.
QUESTIONS = {"en": "Can a company use my face without asking?",
             "fr": "Une entreprise peut-elle utiliser mon visage sans me demander?"}
WORDS = {"en": ("Was this helpful?", "Yes", "No", "Thank you for your feedback."),
         "fr": ("Cette réponse vous a-t-elle été utile?", "Oui", "Non", "Merci de votre avis.")}
COLUMNS = ["day", "topic", "language", "channel", "helpful"]
LANGS = ["en", "fr"]


def rows(channel_stack):
    if not channel_stack.feedback_db.exists():
        return []
    with sqlite3.connect(channel_stack.feedback_db) as connection:
        columns = [c[1] for c in connection.execute("PRAGMA table_info(feedback)")]
        assert columns == COLUMNS  # nothing else can be stored with a choice
        return list(connection.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback"))


def stored_after(channel_stack, before, *resident_traces):
    """The rows added since `before`; none of them holds the resident's id or words."""
    new = rows(channel_stack)[len(before):]
    for row in new:
        for value in row:
            assert not any(trace and trace in str(value) for trace in resident_traces), row
    return new


def assert_offer(text, titles, lang):
    question, yes, no, _ = WORDS[lang]
    assert text == question
    assert titles == [yes, no]


def assert_one_row(new, channel, lang, helpful):
    [(day, topic, row_lang, row_channel, row_helpful)] = new
    assert (row_lang, row_channel, row_helpful) == (lang, channel, int(helpful))
    assert topic in offered_feedback_topics()
    assert len(day) == 10


def offered_feedback_topics():
    return feedback.topics(Catalog())


@pytest.mark.parametrize("lang", LANGS)
def test_telegram_offers_inline_buttons_and_a_tap_is_stored_not_answered(channel_stack, lang):
    chat = int(new_id())
    channel_stack.telegram(chat, QUESTIONS[lang], language_code=lang)
    answer, offer = channel_stack.platforms.telegram.sent(chat)
    assert language.detect(answer["text"]) == lang
    [[yes], [no]] = offer["reply_markup"]["inline_keyboard"]
    assert_offer(offer["text"], [yes["text"], no["text"]], lang)

    before = rows(channel_stack)
    assert channel_stack.telegram_button(chat, yes["callback_data"], language_code=lang)[0] == 200
    [thanks] = channel_stack.platforms.telegram.sent(chat)[2:]
    assert thanks["text"] == WORDS[lang][3]
    assert_one_row(stored_after(channel_stack, before, str(chat)), "telegram", lang, True)


@pytest.mark.parametrize("lang", LANGS)
def test_messenger_offers_quick_replies(channel_stack, lang):
    psid = new_id("72")
    channel_stack.messenger(psid, QUESTIONS[lang])
    answer, offer = channel_stack.platforms.messenger.sent(psid)
    assert language.detect(answer["text"]) == lang
    assert_offer(offer["text"], [q["title"] for q in offer["quick_replies"][:2]], lang)
    # Messenger hides the answer's quick replies once another message comes: they come again.
    assert offer["quick_replies"][2:] == answer["quick_replies"]

    before = rows(channel_stack)
    no = offer["quick_replies"][1]
    assert channel_stack.messenger_quick_reply(psid, no["title"], no["payload"])[0] == 200
    [thanks] = channel_stack.platforms.messenger.sent(psid)[2:]
    assert thanks["text"] == WORDS[lang][3]
    assert_one_row(stored_after(channel_stack, before, psid), "facebook", lang, False)


@pytest.mark.parametrize("lang", LANGS)
def test_slack_offers_buttons(channel_stack, lang):
    user, channel = "U" + new_id(), "D" + new_id()
    channel_stack.slack(user, channel, QUESTIONS[lang])
    answer, offer = channel_stack.platforms.slack.wait_for_messages(channel, at_least=2)
    assert language.detect(answer["text"]) == lang
    section, actions = offer["blocks"]
    assert_offer(section["text"]["text"], [b["text"]["text"] for b in actions["elements"]], lang)

    before = rows(channel_stack)
    yes = actions["elements"][0]
    assert channel_stack.slack_button(user, channel, yes["text"]["text"], yes["value"])[0] == 200
    [thanks] = channel_stack.platforms.slack.wait_for_messages(channel, at_least=3)[2:]
    assert thanks["text"] == WORDS[lang][3]
    assert_one_row(stored_after(channel_stack, before, user, channel), "slack", lang, True)


@pytest.mark.parametrize("lang", LANGS)
def test_teams_offers_a_card_with_buttons(channel_stack, lang):
    user, conversation = f"29:1{new_id()}", f"a:1{new_id()}"
    channel_stack.teams(user, conversation, QUESTIONS[lang], locale=f"{lang}-CA")
    answer, offer = channel_stack.platforms.teams.sent(user)
    [attachment] = offer["attachments"]
    content = attachment["content"]
    assert_offer(content["text"], [b["title"] for b in content["buttons"]], lang)

    before = rows(channel_stack)
    no = content["buttons"][1]
    assert channel_stack.teams(user, conversation, no["text"], locale=f"{lang}-CA")[0] == 200
    [thanks] = channel_stack.platforms.teams.sent(user)[2:]
    assert thanks["text"] == WORDS[lang][3]
    assert_one_row(stored_after(channel_stack, before, user, conversation), "botframework", lang, False)


@pytest.mark.parametrize("lang", LANGS)
def test_sms_offers_numbered_choices_and_a_number_is_feedback(channel_stack, lang):
    resident = "+1514" + new_id()[-7:]
    channel_stack.twilio(resident, QUESTIONS[lang])
    answer, offer = [m["Body"] for m in channel_stack.platforms.twilio.sent(resident)]
    question, yes, no, thanks = WORDS[lang]
    # Numbered after the answer's own options.
    start = len(channel_stack.web_reply(QUESTIONS[lang]).get("buttons") or []) + 1
    assert offer.startswith(question + "\n\n" + numbered_options([yes, no], start) + "\n\n")
    assert numbered_options([yes, no], start) not in answer

    before = rows(channel_stack)
    assert channel_stack.twilio(resident, str(start + 1))[0] == 204
    assert [m["Body"] for m in channel_stack.platforms.twilio.sent(resident)[2:]] == [thanks]
    assert_one_row(stored_after(channel_stack, before, resident, resident[2:]), "twilio", lang, False)

    # The same choice twice counts once.
    channel_stack.twilio(resident, str(start + 1))
    assert len(rows(channel_stack)) == len(before) + 1


@pytest.mark.parametrize("lang", LANGS)
def test_sms_numbers_after_the_answers_own_options_keep_picking_them(channel_stack, lang):
    resident = "+1438" + new_id()[-7:]
    greeting = {"en": "Hello", "fr": "Bonjour"}[lang]
    channel_stack.twilio(resident, greeting)
    [topics] = channel_stack.platforms.twilio.sent(resident)   # the greeting: no feedback asked
    before = rows(channel_stack)
    channel_stack.twilio(resident, "1")                         # its first option: a topic
    replies = [m["Body"] for m in channel_stack.platforms.twilio.sent(resident)[1:]]
    assert rows(channel_stack) == before, "a number picking an option is not feedback"
    *answer, offer = replies
    question, yes, no, thanks = WORDS[lang]
    assert offer.startswith(question)
    # Numbered after the answer's own options, if it has any.
    first = int(offer.split("\n\n")[1].split(".")[0])
    assert offer.split("\n\n")[1] == numbered_options([yes, no], start=first)
    if first > 1:
        channel_stack.twilio(resident, "1")                     # the answer's own option
        assert rows(channel_stack) == before
    else:
        channel_stack.twilio(resident, str(first))
        assert len(rows(channel_stack)) == len(before) + 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_feedback_tap_never_enters_the_conversation(channel_stack, lang):
    chat = int(new_id())
    channel_stack.telegram(chat, QUESTIONS[lang], language_code=lang)
    _, offer = channel_stack.platforms.telegram.sent(chat)
    tap = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    channel_stack.telegram_button(chat, tap, language_code=lang)
    tracker_db = channel_stack.stack.workdir / "tracker.db"
    assert tracker_db.exists()
    with sqlite3.connect(tracker_db) as connection:
        tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        values = [str(value) for table in tables
                  for row in connection.execute(f"SELECT * FROM {table}") for value in row]
    # The answer that asked is there (so this looks in the right place); the tap is not.
    assert any("feedback_topic" in value for value in values)
    assert not any(tap in value for value in values)


# ----- The plain functions -----

CATALOG = Catalog()


@pytest.mark.parametrize("lang", LANGS)
def test_buttons_in_each_language_fit_telegram(lang):
    for topic in sorted(offered_feedback_topics()):
        for button in offered_feedback.buttons(CATALOG, topic, lang):
            assert len(button["payload"].encode()) <= 64
            assert offered_feedback.from_payload(button["payload"]).topic == topic
    assert [b["title"] for b in offered_feedback.buttons(CATALOG, "consent_biometrics", lang)] == \
        list(WORDS[lang][1:3])


@pytest.mark.parametrize("text", ["yes", "1", "fb:y:en:", "fb:maybe:en:consent", "/greet", None])
def test_other_text_is_not_feedback(text):
    assert offered_feedback.from_payload(text) is None


def bot(text, buttons=(), **metadata):
    return BotUttered(text, {"buttons": [{"title": t, "payload": f"/{t}"} for t in buttons]}, metadata)


@pytest.mark.parametrize("lang", LANGS)
def test_a_number_is_feedback_only_when_the_last_turn_asked(lang):
    asked = [UserUttered("hi"), bot("answer", ["a", "b"], feedback_topic="consent_biometrics",
                                    language=lang)]
    offer = offered_feedback.offered(asked)
    assert offer == offered_feedback.Offer("consent_biometrics", lang, 2)
    assert offered_feedback.from_number(0, offer) is None      # "1": the answer's own option
    assert offered_feedback.from_number(2, offer) == offered_feedback.Answer("consent_biometrics", lang, True)
    assert offered_feedback.from_number(3, offer).helpful is False
    assert offered_feedback.from_number(4, offer) is None
    # A later message from the resident: the question is no longer open.
    assert offered_feedback.offered([*asked, UserUttered("something else"), bot("reply")]) is None
    assert offered_feedback.offered([UserUttered("hi"), bot("hello", ["a"])]) is None
