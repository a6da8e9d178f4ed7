"""A retrained model goes live without a restart: Rasa pulls the model file
from the model server (python -m resilience models), sees a new ETag when
the file is replaced, loads it, and the conversations under way carry on
with what they already said (their language, the question they were asked)."""

import os
import shutil
import time

import pytest
from stack import MODEL, running_stack
from test_rest_conversation import new_sender, say, text_of

from assistant import language

LOADED = "Loaded the model from the model server"
PULL_SECONDS = 1


@pytest.fixture(scope="module")
def pulling_stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hot-swap")
    model = workdir / "assistant.tar.gz"
    shutil.copy2(MODEL, model)
    with running_stack(workdir, model=model, model_pull_seconds=PULL_SECONDS) as stack:
        yield stack, model


def loads(stack) -> int:
    return stack.rasa_log.read_text(errors="replace").count(LOADED)


def retrain(model):
    """What the studio does after `rasa train`: a new file, put in place with one rename."""
    fresh = model.with_name("fresh.tar.gz")
    shutil.copy(MODEL, fresh)  # a new file: a new modification time and inode, a new ETag
    os.replace(fresh, model)


def test_a_new_model_is_loaded_and_conversations_carry_on(pulling_stack):
    stack, model = pulling_stack
    assert loads(stack) == 1  # the first model came from the model server too

    english_then_french = new_sender()
    say(stack, english_then_french, "Hello")
    assert "continuons en français" in text_of(say(stack, english_then_french, "Can we speak French?"))
    routed_en, routed_fr = new_sender(), new_sender()
    assert len(say(stack, routed_en, "Which commissioner do I contact?")[0]["buttons"]) == 13
    assert len(say(stack, routed_fr, "À quel commissaire dois-je m'adresser?")[0]["buttons"]) == 13

    retrain(model)
    deadline = time.monotonic() + 120  # the pull, then loading the model (TensorFlow) again
    while loads(stack) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert loads(stack) == 2, stack.rasa_log.read_text(errors="replace")[-3000:]
    time.sleep(3 * PULL_SECONDS)
    assert loads(stack) == 2  # the same file again: 304, nothing reloaded

    # Started before the swap, answered after it, with their context.
    assert language.detect(text_of(say(stack, english_then_french, "ok"))) == "fr"
    assert "Information and Privacy Commissioner of Alberta" in text_of(
        say(stack, routed_en, "I live in Calgary"))
    assert "Commission d'accès à l'information du Québec" in text_of(
        say(stack, routed_fr, "j'habite à Gatineau"))
