"""A part of the service fails: the resident always gets a reply in their
language that says so and gives a number to call, and the conversation goes
on normally once the part is back, without restarting anything."""

import time

import pytest
from chat import PHONE, TROUBLE_START, is_trouble, new_sender, reply_language, say
from conftest import ACTION_SERVER_TIMEOUT
from scenarios import ALBERTA_OFFICE, check_conversations_continue, start_conversations

QUESTION = {"en": "Can a company use my face without asking?",
            "fr": "Une entreprise peut-elle utiliser mon visage sans me demander?"}
# A first message from a new resident during the outage: its language is
# the only clue the assistant has.
NEW_RESIDENT = {"en": "Which commissioner should I contact about my employer?",
                "fr": "À quel commissaire dois-je m'adresser au sujet de mon employeur?"}
OUTAGE_SECONDS = 60  # bound on waiting for a component to come back


def started_residents(url):
    senders = {}
    for lang in ("en", "fr"):
        senders[lang] = new_sender(f"outage-{lang}")
        reply = say(url, senders[lang], QUESTION[lang])
        assert reply.status == 200 and not is_trouble(reply.text, lang), reply
        assert reply_language(reply.text) == lang
    return senders


def assert_trouble_reply(reply, lang):
    assert reply.status == 200, reply
    assert is_trouble(reply.text, lang), (lang, reply.text)
    assert PHONE in reply.text


def assert_normal_again(url, senders):
    for lang, sender in senders.items():
        reply = say(url, sender, QUESTION[lang])
        assert reply.status == 200 and reply.messages, reply
        assert not is_trouble(reply.text, lang) and reply_language(reply.text) == lang, reply.text


def test_action_servers_stopped(cluster):
    senders = started_residents(cluster.url)
    cluster.stop_actions()
    try:
        for lang, sender in senders.items():
            # "ok" says nothing of its language: it comes from the conversation.
            assert_trouble_reply(say(cluster.url, sender, "ok"), lang)
            assert_trouble_reply(say(cluster.url, new_sender(), NEW_RESIDENT[lang]), lang)
    finally:
        cluster.start_actions()
    assert_normal_again(cluster.url, senders)


def test_action_servers_too_slow(cluster):
    senders = started_residents(cluster.url)
    cluster.pause_actions()  # requests are accepted but never answered
    try:
        for lang, sender in senders.items():
            reply = say(cluster.url, sender, QUESTION[lang])
            assert_trouble_reply(reply, lang)
            # The resident waits about the timeout, not Rasa's five minutes.
            assert reply.seconds < ACTION_SERVER_TIMEOUT + 10, reply.seconds
    finally:
        cluster.resume_actions()
    assert_normal_again(cluster.url, senders)


def test_database_down_for_a_few_seconds(cluster):
    conversations = start_conversations(cluster.url)
    pids = [cluster.replica_pid(i) for i in range(len(cluster.config.rasa_ports))]
    cluster.stop_db()
    try:
        for lang in ("en", "fr"):
            assert_trouble_reply(say(cluster.url, new_sender(), NEW_RESIDENT[lang]), lang)
        # With the conversation unreadable, a bare "ok" has no language:
        # the reply comes in both.
        both = say(cluster.url, conversations["fr"], "ok")
        assert both.status == 200
        assert TROUBLE_START["en"] in both.text and TROUBLE_START["fr"] in both.text, both.text
        time.sleep(3)
    finally:
        cluster.start_db()
    # Same processes: the assistant recovered by itself.
    assert [cluster.replica_pid(i) for i in range(len(cluster.config.rasa_ports))] == pids
    # The turns during the outage left nothing behind: language and
    # province are those from before.
    check_conversations_continue(cluster.url, conversations)


def test_lock_store_down_for_a_few_seconds(cluster):
    senders = started_residents(cluster.url)
    cluster.stop_redis()
    try:
        for lang, sender in senders.items():
            assert_trouble_reply(say(cluster.url, sender, QUESTION[lang]), lang)
    finally:
        cluster.start_redis()
    deadline = time.monotonic() + OUTAGE_SECONDS
    while True:  # the Redis client reconnects on its next command
        try:
            assert_normal_again(cluster.url, senders)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_office_question_after_outages_still_routes(cluster, lang):
    """After all the outages above, a fresh conversation works end to end."""
    sender = new_sender(f"after-{lang}")
    first = {"en": "Which commissioner do I contact?", "fr": "À quel commissaire dois-je m'adresser?"}[lang]
    city = {"en": "I live in Calgary", "fr": "j'habite à Calgary"}[lang]
    assert reply_language(say(cluster.url, sender, first).text) == lang
    assert ALBERTA_OFFICE in say(cluster.url, sender, city).text
