"""What every messaging channel does to a message and to a reply
(channels/base.py), without a server."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.actions import Turn
from assistant import answers, language
from assistant.catalog import Catalog
from channels import formatting
from channels.base import MessagingChannel, MessagingReplies, Recent, last_offered
from channels.botframework import TeamsChannel
from channels.telegram import TelegramChannel
from privacy.guard import shared_guard

CATALOG = Catalog()


class RecordingReplies(MessagingReplies, OutputChannel):
    """An output channel that keeps what it would post."""

    platform = "twilio"

    def __init__(self, buttons=False):
        self.posted = []
        self.buttons = buttons

    async def post_text(self, recipient_id, text):
        self.posted.append((recipient_id, text, None))

    async def post_buttons(self, recipient_id, text, buttons):
        self.posted.append((recipient_id, text, buttons))

    def shows_buttons(self, buttons):
        return self.buttons


class Channel(MessagingChannel):
    """A channel with a platform that knows its residents' languages."""

    languages = {"fr-resident": "fr_CA"}

    @classmethod
    def name(cls):
        return "test"

    def messaging_replies(self, output):
        return self.attach(output)

    async def platform_language(self, platform_id, message):
        return self.languages.get(platform_id)


def run(coroutine):
    return asyncio.run(coroutine)


def message(channel, sender, text, metadata=None, output=None):
    received = UserMessage(text, output or RecordingReplies(), sender, metadata=metadata)
    run(channel.adapt(received))
    return received


def test_each_app_keeps_its_own_conversations():
    received = message(Channel(), "12345", "Hello")
    assert received.sender_id == "test:12345"


@pytest.mark.parametrize("sender, metadata, expected", [
    ("fr-resident", None, "fr"),              # from the platform
    ("someone", {"language": "fr-CA"}, "fr"),  # from the request (Telegram, Teams)
    ("someone", {"language": "es"}, None),     # not a language we speak
    ("someone", None, None),
])
def test_starting_language_as_metadata(sender, metadata, expected):
    received = message(Channel(), sender, "Bonjour", metadata)
    assert (received.metadata or {}).get("language") == expected


def test_a_failing_language_lookup_is_not_the_residents_problem():
    class Broken(Channel):
        async def platform_language(self, platform_id, message):
            raise ConnectionError("platform down")

    received = message(Broken(), "someone", "Hello")
    assert received.text == "Hello" and not (received.metadata or {}).get("language")


def conversation_store(*conversations, domain=None):
    """A Rasa app whose tracker store holds these conversations: (id, events)."""
    domain = domain or Domain.empty()
    store = InMemoryTrackerStore(domain)
    for sender, events in conversations:
        run(store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))
    return SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))


def asked(lang, about="province"):
    question = answers.question(CATALOG, lang, about)
    return question, [UserUttered("Which commissioner do I contact?"), ActionExecuted("action_listen"),
                      BotUttered(question.text, data={"buttons": question.buttons})]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_numbered_options_rendered_with_the_hint(lang):
    output = Channel().attach(RecordingReplies())
    question = answers.question(CATALOG, lang, "province")
    run(output.send_response("test:+15145550123", {"text": question.text,
                                                   "buttons": question.buttons,
                                                   "language": lang}))
    [(recipient, text, _)] = output.posted
    assert recipient == "+15145550123"
    assert formatting.numbered_options([b["title"] for b in question.buttons]) in text
    assert text.endswith(CATALOG.message(lang, "choose_by_number"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_number_picks_what_the_last_reply_offered(lang):
    question, events = asked(lang)
    channel = Channel()
    channel._app = conversation_store(("test:resident", events))
    assert message(channel, "resident", " 3 ").text == question.buttons[2]["payload"]
    assert message(channel, "resident", "3.").text == question.buttons[2]["payload"]
    assert message(channel, "resident", "14").text == "14"          # out of range (13 provinces and territories)
    assert message(channel, "someone-else", "3").text == "3"        # not their options


def test_options_answer_only_the_next_message():
    question, events = asked("fr")
    later = events + [UserUttered("Alberta"), BotUttered("Commissariat de l'Alberta")]
    channel = Channel()
    channel._app = conversation_store(("test:resident", later))
    assert message(channel, "resident", "1").text == "1"


def test_the_last_of_several_offers_counts():
    first, events = asked("en", "province")
    second, more = asked("en", "org_kind")
    assert last_offered(events + more[1:]) == [b["payload"] for b in second.buttons]
    assert last_offered([]) == []


def test_conversation_ids_are_looked_up_under_their_keyed_hash():
    class Guarded(Channel):
        def message_guard(self):
            return shared_guard()

    question, events = asked("en")
    stored = shared_guard().pseudonym("test:+15145550123")
    channel = Guarded()
    channel._app = conversation_store((stored, events))
    assert channel.stored_conversation_id("test:+15145550123") == stored
    assert message(channel, "+15145550123", "2").text == question.buttons[1]["payload"]


def test_without_a_server_a_number_is_just_a_number():
    assert message(Channel(), "resident", "2").text == "2"


def test_buttons_go_with_the_last_part_of_a_long_reply():
    output = Channel().attach(RecordingReplies(buttons=True))
    text = "\n\n".join(answers.answer(CATALOG, "fr", key).text
                       for key in ("consent_biometrics", "public_info", "complaint_how"))
    buttons = [{"title": "Suite", "payload": "/clearview_outcome"}]
    run(output.send_text_with_buttons("test:7", text, buttons))
    assert len(output.posted) > 1
    assert all(b is None for _, _, b in output.posted[:-1]) and output.posted[-1][2] == buttons
    assert all(len(t) <= formatting.LIMITS["twilio"] for _, t, _ in output.posted)


def test_replies_straight_from_the_privacy_guard_reach_the_resident():
    # The guard replies with the conversation id, not through send_response.
    output = Channel().attach(RecordingReplies())
    run(output.send_text_message("test:+15145550123", "Your message is too long."))
    assert output.posted == [("+15145550123", "Your message is too long.", None)]


def test_recent_forgets_the_oldest():
    recent = Recent(capacity=2)
    for key in "abc":
        recent.remember(key, key.upper())
    assert list(recent) == ["b", "c"]


@pytest.mark.parametrize("typed, understood", [
    ("/start", "/greet"), ("/start@privacy_bot", "/greet"), ("/help", "/capabilities"),
    ("Bonjour", "Bonjour"), (None, None),
])
def test_telegram_commands(typed, understood):
    assert TelegramChannel.adapt_text(None, typed) == understood


def test_teams_mentions_are_removed():
    text = "<at>Privacy assistant</at> Quel commissariat?"
    assert TeamsChannel.adapt_text(None, text) == "Quel commissariat?"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_button_press_keeps_the_conversation_language(lang):
    # A payload reads like English; it must not switch a French conversation.
    turn = Turn(text='/inform_location{"province": "QC"}', intent="inform_location",
                entities={"province": "QC"}, metadata={}, slots={"language": lang})
    assert turn.language() == lang
    assert language.detect(turn.text) is not None  # why the rule is needed


def test_an_erased_conversation_leaves_no_remembered_locale():
    from channels.facebook import FacebookChannel

    channel = FacebookChannel.__new__(FacebookChannel)  # no platform credentials needed
    channel.locales = Recent()
    channel.locales.remember("123", "fr_CA")
    channel.locales.remember("456", "en_US")
    run(channel.conversation_erased(None, channel.conversation_id("123")))
    assert "123" not in channel.locales and channel.locales["456"] == "en_US"
