"""Retraining started from the studio: `rasa train` on the checkout, in the
background, one run at a time, its progress read from its output (DIET's
epochs are most of the time). The new model is written where `make run`
loads it (models/assistant.tar.gz); the running assistant keeps the model it
started with until it is restarted.
"""

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
_EPOCHS = re.compile(r"Epochs:\s+(\d{1,3})%")


@dataclass
class Progress:
    state: str              # "idle", "running", "done", "failed"
    percent: int            # 0-100, from the classifier's epochs
    started: Optional[float]
    finished: Optional[float]
    tail: str               # the last lines of the output, when it failed


class Training:
    def __init__(self, repo: Path, log: Path, rasa: Optional[Path] = None):
        self.repo, self.log = Path(repo), Path(log)
        self.rasa = rasa or ROOT / ".venv" / "bin" / "rasa"
        self._process: Optional[subprocess.Popen] = None
        self._started: Optional[float] = None
        self._finished: Optional[float] = None
        self._lock = threading.Lock()

    def start(self) -> bool:
        """Starts a run unless one is under way; whether one was started."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return False
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log, "w") as out:
                self._process = subprocess.Popen(
                    [str(self.rasa), "train", "--fixed-model-name", "assistant", "--out", "models"],
                    cwd=self.repo, stdout=out, stderr=subprocess.STDOUT,
                    env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
            self._started, self._finished = time.time(), None
            return True

    def progress(self) -> Progress:
        process = self._process
        if process is None:
            return Progress("idle", 0, None, None, "")
        output = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        found = _EPOCHS.findall(output)
        code = process.poll()
        if code is None:
            return Progress("running", min(int(found[-1]) if found else 0, 99), self._started, None, "")
        self._finished = self._finished or time.time()
        if code == 0:
            return Progress("done", 100, self._started, self._finished, "")
        tail = "\n".join(line for line in output.splitlines()[-15:])
        return Progress("failed", int(found[-1]) if found else 0, self._started, self._finished, tail)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
