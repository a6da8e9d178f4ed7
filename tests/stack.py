"""Starts the real assistant for tests: the action server and the Rasa server
(REST + socket.io) on free loopback ports, with a throwaway tracker database,
through the launcher `make run` uses (resilience/launcher.py).

Rasa loads the model file once, unless a test opts in to the model server
(`model_pull_seconds`): then Rasa pulls `model` from `python -m resilience
models`, as under `make run`, and a test can put a new model in its place.
"""

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from assistant import settings
from resilience import launcher

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "assistant.tar.gz"
START_TIMEOUT = 300  # seconds; loading TensorFlow and the model takes about a minute


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} not up after {timeout}s:\n{log.read_text()[-3000:]}")


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    workdir: Path
    env: Dict[str, str]
    pids: List[int]  # the action server's and the Rasa server's processes (and the model server's)

    @property
    def rasa_log(self) -> Path:
        return self.workdir / "rasa.log"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def tracker_db(self) -> Path:
        return Path(self.env["TRACKER_DB"])


def replies(stack: Stack, sender: str, text: str, timeout: float = 60) -> List[Dict]:
    """The assistant's replies to one message over REST: text and buttons."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(stack.rest_url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def say(stack: Stack, sender: str, text: str, timeout: float = 60) -> str:
    """The assistant's reply to one message over REST, its texts joined."""
    return "\n".join(r.get("text", "") for r in replies(stack, sender, text, timeout))


def stack_env(workdir: Path, **overrides: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TRACKER_DB=str(workdir / "tracker.db"),
        # The tests talk to the stack from 127.0.0.1 itself, many times a minute.
        RATE_LIMIT_EXEMPT_ADDRESSES="127.0.0.1",
        MODEL_SERVER_URL="",  # the model file, loaded once, unless a test opts in
    )
    if not env.get("PSEUDONYM_KEY"):  # kept in the folder, so a restarted stack finds its conversations
        key_file = workdir / "pseudonym.key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
        env["PSEUDONYM_KEY"] = key_file.read_text().strip()
    env.update(overrides)
    return env


def rasa_access_args(env: Dict[str, str], extra_env: Optional[Dict[str, str]] = None) -> List[str]:
    """What the launcher gives Rasa for CORS and the HTTP API in a test stack:
    CORS stays open ("*") unless the caller passes CORS_ORIGINS."""
    return launcher.access_args(settings.read(env), (extra_env or {}).get("CORS_ORIGINS", "*").split())


@contextmanager
def running_stack(workdir: Path, model: Path = MODEL, extra_env: Optional[Dict[str, str]] = None,
                  credentials: Path = ROOT / "credentials.yml",
                  model_pull_seconds: Optional[int] = None) -> Iterator[Stack]:
    """The assistant, running until the block ends (`credentials`: its channels;
    `model_pull_seconds`: Rasa pulls `model` from the model server this often)."""
    workdir.mkdir(parents=True, exist_ok=True)
    action_port, rasa_port = free_port(), free_port()
    env = stack_env(workdir, ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook",
                    **(extra_env or {}))
    env.update(ACTION_HOST="127.0.0.1", ACTION_PORT=str(action_port),
               RASA_HOST="127.0.0.1", RASA_PORT=str(rasa_port), MODEL=str(model),
               ENDPOINTS="endpoints.yml", CORS_ORIGINS=(extra_env or {}).get("CORS_ORIGINS", "*"))
    launch = [str(VENV_BIN / "python"), "-m", "resilience"]
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes = []
    if model_pull_seconds is not None:
        model_port = free_port()
        env.update(MODEL_SERVER_PORT=str(model_port), MODEL_PULL_SECONDS=str(model_pull_seconds),
                   MODEL_SERVER_URL=f"http://127.0.0.1:{model_port}/model")
    try:
        if model_pull_seconds is not None:
            with open(workdir / "models.log", "w") as out:
                processes.append(subprocess.Popen(
                    [*launch, "models"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        with open(action_log, "w") as out:
            processes.append(subprocess.Popen(
                [*launch, "actions"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        with open(rasa_log, "w") as out:
            processes.append(subprocess.Popen(
                [*launch, "rasa", "--credentials", str(credentials),
                 "--endpoints-out", str(workdir / "endpoints.yml")],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        action_url = f"http://127.0.0.1:{action_port}"
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        actions, rasa = processes[-2:]
        wait_until_up(f"{action_url}/health", actions, 60, action_log)
        wait_until_up(f"{rasa_url}/", rasa, START_TIMEOUT, rasa_log)
        # "/" answers before the model is ready; the REST webhook waits for it.
        wait_until_up(f"{rasa_url}/webhooks/rest/", rasa, START_TIMEOUT, rasa_log)
        yield Stack(rasa_url=rasa_url, action_url=action_url, workdir=workdir, env=env,
                    pids=[process.pid for process in processes])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
