"""A replica crashes while 20 residents are chatting: their next messages are
served by the other replica, and no turn is lost or recorded twice.

Each message carries an Idempotency-Key, as a client that may resend does;
nginx resends a turn cut off by the crash to the other replica, which answers
it once (from the stored conversation if the crashed replica had saved it)."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from chat import is_trouble, new_sender, reply_language, say, stored_user_texts
from conftest import record

RESIDENTS = 20
TURNS = 8
CRASH_AFTER_TURNS = 3  # every resident is past this turn when the replica dies
QUESTIONS = {
    "en": ["Can a company use my face without asking?", "what counts as biometric info anyway",
           "how do I file a complaint?", "does it cost anything to complain",
           "what is clearview ai and how did it work", "could my face be in their database?",
           "are the police allowed to use facial recognition?", "which commissioner should I contact?"],
    "fr": ["Une entreprise peut-elle utiliser mon visage sans me demander?",
           "c'est quoi au juste une donnee biometrique", "comment porter plainte?",
           "y a-t-il des frais pour porter plainte", "c'est quoi Clearview AI pis comment ca marchait",
           "est-ce que mon visage pourrait être dans leur base de données?",
           "la police peut-elle utiliser la reconnaissance faciale?",
           "à quel commissaire dois-je m'adresser?"],
}


def test_replica_crash_while_residents_chat(cluster, db_url):
    past_crash_point = threading.Barrier(RESIDENTS + 1, timeout=300)
    resend_reasons = []  # HTTP status of each reply that made a client resend
    crashed = threading.Event()

    def resident(index):
        lang = "en" if index % 2 == 0 else "fr"
        sender = new_sender(f"crash-{lang}")
        sent, problems, resent, after_crash = [], [], 0, 0
        for turn in range(TURNS):
            if turn == CRASH_AFTER_TURNS:
                past_crash_point.wait()  # the crash happens while the next turns run
            text = QUESTIONS[lang][turn]
            key = uuid.uuid4().hex
            reply = say(cluster.url, sender, text, message_id=key)
            for _ in range(2):  # a client resends on a transport error, same key
                if reply.status == 200 and reply.messages:
                    break
                resent += 1
                resend_reasons.append(reply.status)
                time.sleep(1)
                reply = say(cluster.url, sender, text, message_id=key)
            sent.append(text)
            after_crash += crashed.is_set()
            if reply.status != 200 or not reply.messages:
                problems.append((sender, turn, "no reply", reply.status))
            elif is_trouble(reply.text, lang) or reply_language(reply.text) != lang:
                problems.append((sender, turn, "wrong reply", reply.text[:100]))
            elif any(m.get("recipient_id") != sender for m in reply.messages):
                problems.append((sender, turn, "reply for another resident"))
        return sender, sent, problems, resent, after_crash

    with ThreadPoolExecutor(max_workers=RESIDENTS) as pool:
        futures = [pool.submit(resident, i) for i in range(RESIDENTS)]
        past_crash_point.wait()
        time.sleep(1.0)  # let the next turns get under way on both replicas
        cluster.kill_replica(1)
        crashed.set()
        results = [f.result(timeout=600) for f in futures]

    assert not cluster.running("rasa-1")
    problems = [p for _, _, found, _, _ in results for p in found]
    record("replica-crash", {
        "residents": RESIDENTS, "turns": RESIDENTS * TURNS,
        "turns_after_crash": sum(r[4] for r in results),
        "client_resends": sum(r[3] for r in results), "resend_statuses": sorted(resend_reasons),
        "problems": len(problems),
    })
    assert not problems, problems[:10]
    # Nothing lost, nothing twice: each conversation holds exactly what its
    # resident sent, in order.
    for sender, sent, _, _, _ in results:
        assert stored_user_texts(db_url, sender) == sent, sender


def test_retried_message_is_answered_once(cluster, db_url):
    """The same message sent twice (a client or proxy retry) is one turn."""
    for lang, text in (("en", "how do I file a complaint?"), ("fr", "comment porter plainte?")):
        sender = new_sender(f"retry-{lang}")
        key = uuid.uuid4().hex
        first = say(cluster.url, sender, text, message_id=key)
        again = say(cluster.url, sender, text, message_id=key)
        assert first.status == again.status == 200
        assert [m.get("text") for m in again.messages] == [m.get("text") for m in first.messages]
        assert stored_user_texts(db_url, sender) == [text]
        # The key may also travel in the metadata.
        other = uuid.uuid4().hex
        say(cluster.url, sender, text, metadata={"message_id": other})
        say(cluster.url, sender, text, metadata={"message_id": other})
        assert stored_user_texts(db_url, sender) == [text, text]
