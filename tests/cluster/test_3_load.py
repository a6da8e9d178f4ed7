"""Many residents at once against the cluster (through nginx): every reply
reaches the right resident, in the right language, and none is missing.
The measured throughput and latency go to results/cluster/load.json."""

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from chat import is_trouble, new_sender, reply_language, say, stored_user_texts
from conftest import record

from deploy.local.cluster import rss_mb

RESIDENTS = 50
TURNS = 20
QUESTIONS = {
    "en": [
        "can a company use my face without asking me first?",
        "what counts as biometric info anyway",
        "my boss wants us to clock in with our fingerprints, can I refuse?",
        "my gym just installed a face scanner at the door",
        "how do I take back the consent I gave?",
        "my instagram is public so anyone can use my pics right?",
        "what exactly counts as publicly available information under the law",
        "what did the Alberta court decide about that rule?",
        "what is clearview ai and how did it work",
        "what did the investigation conclude?",
        "did they ever stop operating in Canada?",
        "could my face be in their database?",
        "how can I find out what personal info a company holds on me",
        "how do I get my information corrected?",
        "how do I file a complaint?",
        "does it cost anything to complain",
        "are the police allowed to use facial recognition?",
        "does a Quebec company have to declare its fingerprint system to the CAI?",
        "which commissioner should I contact?",
        "I live in Calgary",
    ],
    "fr": [
        "est-ce qu'une compagnie peut utiliser mon visage sans me le demander?",
        "c'est quoi au juste une donnee biometrique",
        "mon employeur exige mes empreintes pour la pointeuse, je peux refuser?",
        "mon gym a mis un lecteur de visage a l'entree",
        "comment je fais pour retirer mon consentement?",
        "mon profil facebook est public, donc n'importe qui peut prendre mes photos?",
        "qu'est-ce qui compte comme renseignement accessible au public selon la loi",
        "qu'est-ce que le tribunal de l'Alberta a décidé sur cette règle?",
        "c'est quoi Clearview AI pis comment ca marchait",
        "qu'a conclu l'enquête sur Clearview?",
        "est-ce que Clearview a arrêté ses activités au Canada?",
        "est-ce que mon visage pourrait être dans leur base de données?",
        "comment savoir quels renseignements une entreprise a sur moi",
        "comment faire corriger des renseignements faux à mon sujet?",
        "comment porter plainte?",
        "y a-t-il des frais pour porter plainte",
        "la police peut-elle utiliser la reconnaissance faciale?",
        "une entreprise au Québec doit-elle déclarer sa banque de données biométriques à la CAI?",
        "à quel commissaire dois-je m'adresser?",
        "j'habite à Gatineau",
    ],
}


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def play(url, index, turns=TURNS):
    """One resident: `turns` questions in their language, each checked."""
    lang = "en" if index % 2 == 0 else "fr"
    sender = new_sender(f"load-{lang}")
    questions = QUESTIONS[lang]
    sent, latencies, problems = [], [], []
    for turn in range(turns):
        # Each resident starts at a different question, so the turns in
        # flight at any moment are a mix of every topic.
        text = questions[(index + turn) % len(questions)]
        reply = say(url, sender, text)
        sent.append(text)
        latencies.append(reply.seconds)
        if reply.status != 200 or not reply.messages:
            problems.append((sender, turn, text, reply.status, "no reply"))
        elif any(m.get("recipient_id") != sender for m in reply.messages):
            problems.append((sender, turn, text, "reply for another resident"))
        elif is_trouble(reply.text, lang) or reply_language(reply.text) != lang:
            problems.append((sender, turn, text, "wrong reply", reply.text[:120]))
    return sender, sent, latencies, problems


def run_load(url, residents, turns):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=residents) as pool:
        results = list(pool.map(lambda i: play(url, i, turns), range(residents)))
    elapsed = time.monotonic() - started
    latencies = [s for _, _, lat, _ in results for s in lat]
    summary = {
        "residents": residents, "turns_per_resident": turns, "turns": len(latencies),
        "seconds": round(elapsed, 1), "turns_per_second": round(len(latencies) / elapsed, 2),
        "latency_p50_s": round(percentile(latencies, 50), 3),
        "latency_p95_s": round(percentile(latencies, 95), 3),
        "latency_mean_s": round(statistics.mean(latencies), 3),
    }
    return results, summary


def test_fifty_residents_twenty_turns_both_languages(cluster, db_url):
    results, summary = run_load(cluster.url, RESIDENTS, TURNS)
    summary["replicas"] = len(cluster.config.rasa_ports)
    summary["replica_rss_mb"] = [round(rss_mb(cluster.replica_pid(i)) or 0)
                                 for i in range(len(cluster.config.rasa_ports))]
    problems = [p for _, _, _, found in results for p in found]
    summary["problems"] = len(problems)
    record("load", summary)
    assert not problems, problems[:10]
    assert summary["turns"] == RESIDENTS * TURNS
    # Every resident's conversation holds exactly their own messages, in order.
    for sender, sent, _, _ in results:
        assert stored_user_texts(db_url, sender) == sent, sender


def test_turns_per_second_of_one_replica(cluster):
    """Sizing: the same load on a single replica, without the proxy."""
    results, summary = run_load(cluster.replica_url(0), residents=10, turns=10)
    summary["replica_rss_mb"] = round(rss_mb(cluster.replica_pid(0)) or 0)
    record("one-replica", summary)
    problems = [p for _, _, _, found in results for p in found]
    assert not problems, problems[:10]
