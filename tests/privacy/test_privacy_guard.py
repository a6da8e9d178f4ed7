"""The guard between the channels and Rasa, driven with Rasa's own message
and output channel objects and a stand-in for Rasa's message handler."""

import asyncio
from typing import List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from privacy import guard as guard_module
from privacy import redaction
from privacy.guard import GuardedChannel, MessageGuard, note_inbound
from privacy.limits import MEDIA, Limits


class Rasa:
    """Records what Rasa would have received, and answers like it."""

    def __init__(self, fail: bool = False):
        self.received: List[UserMessage] = []
        self.fail = fail

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.fail:
            raise RuntimeError("action server down")
        await message.output_channel.send_response(message.sender_id, {"text": "an answer"})


def send(guard, text, sender="resident-1", metadata=None, address=None, rasa=None,
         kept=("language",), problem=None):
    rasa = rasa or Rasa()
    output = CollectingOutputChannel()
    message = UserMessage(text, output, sender, input_channel="rest", metadata=metadata)

    async def run():
        note_inbound(address=address, problem=problem)
        await guard.handle(message, rasa, kept)

    asyncio.run(run())
    return rasa, output.messages


def make_guard(**limits) -> MessageGuard:
    return MessageGuard(limits=Limits(**limits), public_numbers=["1-800-282-1376"],
                        pseudonym_key=b"test-key")


def test_rasa_only_ever_sees_the_redacted_text_and_what_was_removed():
    rasa, replies = send(make_guard(), "I'm at 123 Main Street, call (613) 555-0199 or 1-800-282-1376",
                         metadata={"language": "en", "tracking": "x"})
    [message] = rasa.received
    assert message.text == "I'm at [address], call [phone] or 1-800-282-1376"
    assert message.metadata == {"language": "en", "redacted": ["phone", "address"]}
    assert replies == [{"recipient_id": "resident-1", "text": "an answer"}]


def test_clients_cannot_claim_a_redaction_or_smuggle_details_in_metadata():
    rasa, _ = send(make_guard(), "hello", metadata={"redacted": ["sin"], "language": "fr",
                                                     "note": "ABC@example.ORG"}, kept=None)
    assert rasa.received[0].metadata == {"language": "fr", "note": "[email]"}


def test_invalid_or_oversized_metadata_is_dropped():
    rasa, _ = send(make_guard(), "hello", metadata={"language": "klingon", "blob": "x" * 5000},
                   kept=None)
    assert rasa.received[0].metadata == {}


@pytest.mark.parametrize("text, metadata, expected", [
    ("Voici le contrat que mon employeur veut me faire signer. " * 50, None, "trop long"),
    ("Here is the contract my employer wants me to sign for the scanner. " * 50, None, "too long"),
    ("   ", {"language": "fr"}, "semble vide"),
    ("   ", {"language": "en"}, "looks empty"),
    ("bad\x00bytes", {"language": "fr"}, "que du texte"),
    (b"\x89PNG", {"language": "en"}, "plain text"),
], ids=["long-fr", "long-en", "blank-fr", "blank-en", "control-fr", "binary-en"])
def test_unprocessable_messages_get_a_polite_reply_in_the_residents_language(text, metadata,
                                                                             expected):
    rasa, replies = send(make_guard(), text, metadata=metadata)
    assert rasa.received == []
    assert len(replies) == 1 and expected in replies[0]["text"]


def test_language_unknown_means_both_languages():
    _, replies = send(make_guard(), "")
    # One paragraph per language, which the channel sends as two messages.
    assert ["looks empty" in replies[0]["text"], "semble vide" in replies[1]["text"]] == [True, True]


def test_too_long_reply_states_the_configured_limit():
    _, replies = send(make_guard(max_chars=50), "Can I make a complaint about my gym? " * 3)
    assert "50 characters" in replies[0]["text"]


def test_rate_limit_per_sender():
    guard = make_guard(per_sender=3, per_address=0)
    for _ in range(3):
        assert send(guard, "hello there my friend")[0].received
    rasa, replies = send(guard, "hello there my friend")
    assert rasa.received == [] and "faster than I can answer" in replies[0]["text"]
    assert send(guard, "hello", sender="someone-else")[0].received


@pytest.mark.parametrize("lang, said", [("en", "I did not open what you sent"),
                                        ("fr", "je n'ai donc pas ouvert ce que vous avez envoyé")])
def test_media_is_answered_never_passed_on_and_counted_against_the_rate_limit(lang, said):
    guard = make_guard(per_sender=2, per_address=0)
    for _ in range(2):
        rasa, replies = send(guard, "", metadata={"language": lang}, problem=MEDIA)
        assert rasa.received == [] and said in replies[0]["text"]
    rasa, replies = send(guard, "", metadata={"language": lang}, problem=MEDIA)
    assert rasa.received == [] and said not in replies[0]["text"]
    assert replies[0]["text"] == guard.render("input_rate_limited", lang)


def test_rate_limit_per_client_address_across_senders():
    guard = make_guard(per_sender=0, per_address=2)
    assert send(guard, "bonjour", sender="a", address="10.1.1.1")[0].received
    assert send(guard, "bonjour", sender="b", address="10.1.1.1")[0].received
    rasa, replies = send(guard, "Est-ce que je peux porter plainte?", sender="c", address="10.1.1.1")
    assert rasa.received == [] and "plus vite" in replies[0]["text"]
    assert send(guard, "bonjour", sender="d", address="10.1.1.2")[0].received


@pytest.mark.parametrize("sender", ["jane.doe@example.org", "3f9a0c2e-widget", "me"])
def test_every_sender_id_is_stored_under_its_keyed_hash(sender):
    guard = make_guard()
    rasa, replies = send(guard, "hello", sender=sender)
    stored = rasa.received[0].sender_id
    assert stored.startswith("anon-") and sender not in stored
    assert replies[0]["recipient_id"] == sender  # replies still reach the resident
    assert send(guard, "hello again", sender=sender)[0].received[0].sender_id == stored
    # The stored form, presented as an id, is hashed again: another conversation.
    assert send(guard, "hello", sender=stored)[0].received[0].sender_id != stored


def test_replies_sent_with_the_stored_id_reach_the_resident_on_every_send_method():
    async def rasa(message):
        await message.output_channel.send_text_message(message.sender_id, "plain")
        await message.output_channel.send_text_with_buttons(message.sender_id, "pick", [])

    output = CollectingOutputChannel()

    async def run():
        note_inbound()
        await make_guard().handle(UserMessage("hello", output, "widget-7", input_channel="rest"),
                                  rasa, ("language",))

    asyncio.run(run())
    assert {reply["recipient_id"] for reply in output.messages} == {"widget-7"}


def test_a_failure_behind_the_guard_still_gets_a_reply():
    _, replies = send(make_guard(), "Bonjour, puis-je porter plainte?", rasa=Rasa(fail=True))
    assert "un problème est survenu" in replies[0]["text"]


def test_zero_width_characters_cannot_hide_a_phone_number():
    rasa, _ = send(make_guard(), "call 613\u200b555\u200b0199")
    assert rasa.received[0].text == "call [phone]"


def test_the_mixin_wraps_any_channels_callback():
    class FakeChannel:
        def blueprint(self, on_new_message):
            return on_new_message

    class Guarded(GuardedChannel, FakeChannel):
        kept_metadata_keys = ("language",)

    rasa = Rasa()
    callback = Guarded().blueprint(rasa)
    message = UserMessage("SIN 123 456 782", CollectingOutputChannel(), "s", metadata={"x": 1})
    asyncio.run(callback(message))
    assert rasa.received[0].text == "SIN [sin]" and rasa.received[0].metadata == {"redacted": ["sin"]}
    assert guard_module.shared_guard() is guard_module.shared_guard()


def test_the_channel_is_told_once_the_conversation_was_erased():
    told = []

    async def erasing_rasa(message):
        guard_module.note_erased(message.sender_id)  # as the tracker store does
        await message.output_channel.send_response(message.sender_id, {"text": "deleted"})

    async def on_erased(message, conversation_id):
        told.append(conversation_id)

    guard = make_guard()

    async def run(text, rasa):
        note_inbound()
        await guard.handle(UserMessage(text, CollectingOutputChannel(), "widget-9", input_channel="socketio"),
                           rasa, ("language",), on_erased)

    asyncio.run(run("Bonjour, est-ce que je peux porter plainte?", Rasa()))
    assert told == [] and guard._languages.get("widget-9") == "fr"
    asyncio.run(run("oui", erasing_rasa))
    assert told == ["widget-9"]  # the client's own id, to find its connections
    assert "widget-9" not in guard._languages  # nothing of it remembered


@pytest.mark.parametrize("typed, received", [
    ('/inform_location{"province": "QC"}', '/inform_location{"province": "QC"}'),
    ('/inform_location{"province": "<b>Nowhere</b>"}', "/inform_location"),
    ('/inform_location{"province": "AB", "office": "anything"}', '/inform_location{"province": "AB"}'),
    ('/switch_language{"language": "fr"}', '/switch_language{"language": "fr"}'),
    ('/switch_language{"language": "de"}', "/switch_language"),
    ('/inform_location{"province": ["QC"]}', "/inform_location"),
    ("/inform_location{not json", "/inform_location"),
    ("I live in Quebec {really}", "I live in Quebec {really}"),
])
def test_typed_payloads_keep_only_known_entity_values(typed, received):
    rasa, _ = send(make_guard(), typed)
    assert rasa.received[0].text == received


def test_an_erasure_on_one_replica_is_forgotten_on_the_others(redis_url):
    """Two replicas (two guards, one Redis): the one that erased tells the
    other, by the stored id only, and the other forgets the conversation."""
    from privacy.erasure import ErasureBroadcast

    replicas = [MessageGuard(limits=Limits(), public_numbers=[], pseudonym_key=b"test-key",
                             erasures=ErasureBroadcast(redis_url)) for _ in range(2)]
    forgotten: List[str] = []

    async def forget(stored_id: str) -> None:
        forgotten.append(stored_id)

    replicas[1].watch_erasures(forget)

    async def erasing_rasa(message):
        guard_module.note_erased(message.sender_id)

    async def scenario():
        replicas[1].listen_for_erasures()
        await asyncio.sleep(0.3)  # subscribed
        for guard in replicas:  # the same conversation reached both replicas
            note_inbound()
            await guard.handle(UserMessage("Bonjour, je veux porter plainte", CollectingOutputChannel(),
                                           "widget-7"), Rasa(), ("language",))
        assert replicas[1]._languages.get("widget-7") == "fr"
        note_inbound()
        await replicas[0].handle(UserMessage("oui", CollectingOutputChannel(), "widget-7"),
                                 erasing_rasa, ("language",))
        for _ in range(50):
            if forgotten:
                break
            await asyncio.sleep(0.1)

    asyncio.run(scenario())
    assert forgotten == [replicas[0].pseudonym("widget-7")]  # never the id itself
    assert "widget-7" not in replicas[1]._languages
    # Nor does either keep the texts it redacted (its cache is keyed by them).
    assert redaction._redact.cache_info().currsize == 0


def test_the_erasure_channel_is_the_shared_redis():
    from privacy.erasure import broadcast_url

    assert broadcast_url({}) == ""
    assert broadcast_url({"RATE_LIMIT_STORAGE_URL": "redis://127.0.0.1:6380/2"}) == "redis://127.0.0.1:6380/2"
    assert broadcast_url({"RATE_LIMIT_STORAGE_URL": "memory://"}) == ""
    assert broadcast_url({"ERASURE_BROADCAST_URL": "redis://r:1/0",
                          "RATE_LIMIT_STORAGE_URL": "redis://s:2/0"}) == "redis://r:1/0"
