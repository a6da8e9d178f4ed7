"""Several replicas serve one conversation: the history lives in PostgreSQL,
so whichever replica takes a turn sees every earlier turn, in order."""

import pytest
from chat import SocketResident, new_sender, reply_language, say, stored_user_texts
from scenarios import ALBERTA_OFFICE

# Each turn depends on the ones before: the clarifying question, the
# language switch, short messages that keep the current language.
ALTERNATING = {
    "en": [
        ("Which commissioner do I contact?", "en", None),
        ("I live in Calgary", "en", ALBERTA_OFFICE),
        ("Can we speak French?", "fr", None),
        ("ok", "fr", None),
        ("Qui dois-je contacter?", "fr", ALBERTA_OFFICE),
        ("in English please", "en", None),
        ("thanks", "en", None),
        ("Who should I contact?", "en", ALBERTA_OFFICE),
    ],
    "fr": [
        ("À quel commissaire dois-je m'adresser?", "fr", None),
        ("j'habite à Calgary", "fr", ALBERTA_OFFICE),
        ("in English please", "en", None),
        ("ok", "en", None),
        ("Who should I contact?", "en", ALBERTA_OFFICE),
        ("en français svp", "fr", None),
        ("merci", "fr", None),
        ("Qui dois-je contacter?", "fr", ALBERTA_OFFICE),
    ],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_conversation_alternating_between_replicas(cluster, db_url, lang):
    sender = new_sender(f"alternate-{lang}")
    replicas = [cluster.replica_url(i) for i in range(len(cluster.config.rasa_ports))]
    sent = []
    for turn, (text, expected_language, expected_text) in enumerate(ALTERNATING[lang]):
        reply = say(replicas[turn % len(replicas)], sender, text)
        sent.append(text)
        assert reply.status == 200 and reply.messages, (turn, text, reply)
        assert all(m.get("recipient_id") == sender for m in reply.messages)
        assert reply_language(reply.text) == expected_language, (turn, text, reply.text)
        if expected_text:
            assert expected_text in reply.text, (turn, text, reply.text)
    # The stored conversation: every message once, in the order sent.
    assert stored_user_texts(db_url, sender) == sent


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_widget_sessions_through_the_proxy(cluster, transport):
    """socket.io through nginx with two replicas: long-polling only works when
    every request of a session reaches the same replica (sticky sessions)."""
    residents = [SocketResident(cluster.url, transport=transport) for _ in range(4)]
    try:
        for index, resident in enumerate(residents):
            lang = "en" if index % 2 == 0 else "fr"
            question = ("Can a store use my face without asking?" if lang == "en"
                        else "Un magasin peut-il utiliser mon visage sans me demander?")
            for text in ("Hello" if lang == "en" else "Bonjour", question):
                replies = resident.say(text)
                assert replies, (transport, index, text)
                joined = "\n".join(r.get("text") or "" for r in replies)
                assert joined.strip(), (transport, index, text)
            assert reply_language(joined) == lang, (transport, index, joined)
    finally:
        for resident in residents:
            resident.close()
