"""Bad-input soak through the proxy: every hostile or odd input gets a polite
reply, over REST and socket.io; nothing returns a 5xx or takes a replica down."""

import pytest
from chat import SocketResident, new_sender, reply_language, say
from hostile_inputs import RAW_BODIES, TEXTS


def polite(messages):
    texts = [m.get("text") for m in messages]
    return bool(texts) and all(isinstance(t, str) and t.strip() for t in texts) and \
        not any("Traceback" in t or "Exception" in t for t in texts)


def test_corpus_is_big_enough():
    assert len(TEXTS) + len(RAW_BODIES) >= 50


def test_rest_texts(cluster):
    failures = []
    for index, text in enumerate(TEXTS):
        reply = say(cluster.url, new_sender("soak"), text)
        if reply.status != 200 or not polite(reply.messages):
            failures.append((index, text[:40], reply.status, reply.messages[:1]))
    assert not failures, failures


def test_rest_malformed_bodies(cluster):
    failures = []
    for body in RAW_BODIES:
        reply = say(cluster.url, "", None, raw_body=body)
        # A clear refusal (4xx) or a polite reply; never a server error.
        if reply.status >= 500 or (reply.status == 200 and not polite(reply.messages)):
            failures.append((body[:40], reply.status, reply.messages[:1]))
    assert not failures, failures


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_socketio_texts(cluster, transport):
    failures = []
    resident = SocketResident(cluster.url, transport=transport)
    try:
        for index, text in enumerate(TEXTS):
            replies = resident.say(text, timeout=30)
            if not polite(replies):
                failures.append((index, text[:40], replies[:1]))
    finally:
        resident.close()
    assert not failures, failures


def test_still_answers_after_the_soak(cluster):
    for lang, question in (("en", "Can a company use my face without asking?"),
                           ("fr", "Une entreprise peut-elle utiliser mon visage sans me demander?")):
        for index in range(len(cluster.config.rasa_ports)):
            reply = say(cluster.replica_url(index), new_sender(), question)
            assert reply.status == 200 and reply_language(reply.text) == lang, reply
