"""A retrained model reaches every replica without a restart: each pulls the
model from the one model server, sees the new ETag and loads it, while a
conversation started before the swap carries on, turn after turn, on
either replica."""

import os
import shutil
import time

import pytest
from chat import new_sender, reply_language, say
from scenarios import ALBERTA_OFFICE
from stack import MODEL

LOADED = "Loaded the model from the model server"


def loads(cluster, index: int) -> int:
    return (cluster.logs / f"rasa-{index}.log").read_text(errors="replace").count(LOADED)


@pytest.mark.parametrize("lang, first, answer, later", [
    ("en", "Which commissioner do I contact?", "I live in Calgary", "ok"),
    ("fr", "À quel commissaire dois-je m'adresser?", "j'habite à Calgary", "merci"),
])
def test_every_replica_pulls_the_new_model(cluster, lang, first, answer, later):
    replicas = range(len(cluster.config.rasa_ports))
    before = {i: loads(cluster, i) for i in replicas}
    assert all(before.values()), before  # each replica's first model came from the model server
    sender = new_sender(f"model-swap-{lang}")
    assert reply_language(say(cluster.replica_url(0), sender, first).text) == lang

    model = cluster.config.model
    fresh = model.with_name("fresh.tar.gz")
    shutil.copy(MODEL, fresh)  # a new file, so a new ETag: what a retraining leaves
    os.replace(fresh, model)
    deadline = time.monotonic() + 180  # loading TensorFlow's graph again, on a shared 2-core machine
    while any(loads(cluster, i) == before[i] for i in replicas) and time.monotonic() < deadline:
        time.sleep(1)
    after = {i: loads(cluster, i) for i in replicas}
    assert all(after[i] == before[i] + 1 for i in replicas), (before, after)

    # The conversation started before the swap: its question and language, on the other replica.
    routed = say(cluster.replica_url(1), sender, answer)
    assert ALBERTA_OFFICE in routed.text and reply_language(routed.text) == lang, routed.text
    assert reply_language(say(cluster.replica_url(0), sender, later).text) == lang
    time.sleep(3 * int(cluster.config.extra_env["MODEL_PULL_SECONDS"]))
    assert {i: loads(cluster, i) for i in replicas} == after  # the same file: 304s, nothing reloaded
