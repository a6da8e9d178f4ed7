"""A retrained model goes live without a restart: Rasa pulls the model file
from the model server (python -m resilience models), sees a new ETag when
the file is replaced, loads it, and the conversations under way carry on
with what they already said (their language, the question they were asked).
Rasa started before the model server has no model until it answers."""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from stack import MODEL, ROOT, START_TIMEOUT, VENV_BIN, free_port, running_stack, stack_env, wait_until_up
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


def test_rasa_waits_for_a_model_server_that_is_not_up_yet(tmp_path):
    """Started before the model server, Rasa has no model, says so on
    /health/ready, and keeps asking: once the server is up, it loads the model."""
    rasa_port, model_port = free_port(), free_port()
    env = stack_env(tmp_path, RASA_HOST="127.0.0.1", RASA_PORT=str(rasa_port), MODEL=str(MODEL),
                    MODEL_SERVER_PORT=str(model_port), MODEL_PULL_SECONDS=str(PULL_SECONDS),
                    MODEL_SERVER_URL=f"http://127.0.0.1:{model_port}/model")
    launch = [str(VENV_BIN / "python"), "-m", "resilience"]
    log = tmp_path / "rasa.log"
    ready = f"http://127.0.0.1:{rasa_port}/health/ready"
    processes = []
    try:
        with open(log, "w") as out:
            processes.append(subprocess.Popen(
                [*launch, "rasa", "--credentials", str(ROOT / "credentials.yml"),
                 "--endpoints-out", str(tmp_path / "endpoints.yml")],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[0], START_TIMEOUT, log)
        with pytest.raises(urllib.error.HTTPError) as loading:
            urllib.request.urlopen(ready, timeout=5)
        assert loading.value.code == 503
        with open(tmp_path / "models.log", "w") as out:
            processes.append(subprocess.Popen([*launch, "models"], cwd=ROOT, env=env,
                                              stdout=out, stderr=subprocess.STDOUT))
        wait_until_up(ready, processes[0], START_TIMEOUT, log)
        assert log.read_text(errors="replace").count(LOADED) == 1
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
