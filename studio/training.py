"""Retraining started from the studio: `rasa train` on the checkout, in the
background, one run at a time, its progress read from its output (DIET's
epochs are most of the time). The new model is written beside the old one,
then put in its place with one rename (os.replace), so the model server
(resilience/model_server.py) never serves half a file; the running assistant
pulls it within MODEL_PULL_SECONDS, without a restart (with MODEL_SERVER_URL
unset, it keeps its model until restarted).
"""

import os
import re
import shutil
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
    def __init__(self, repo: Path, log: Path, model: Path, rasa: Optional[Path] = None):
        """`model`: the file to replace (the MODEL setting, which the model
        server serves); trained from the checkout `repo`, logging to `log`."""
        self.repo, self.log, self.model = Path(repo), Path(log), Path(model)
        self.rasa = rasa or ROOT / ".venv" / "bin" / "rasa"
        self._process: Optional[subprocess.Popen] = None
        self._started: Optional[float] = None
        self._finished: Optional[float] = None
        self._installed: Optional[bool] = None  # the new model in place (None: not yet known)
        self._lock = threading.Lock()

    def start(self) -> bool:
        """Starts a run unless one is under way; whether one was started."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return False
            self.log.parent.mkdir(parents=True, exist_ok=True)
            # Trained beside the model (same file system, so the rename is atomic).
            staging = self.model.parent / f".training-{os.getpid()}"
            shutil.rmtree(staging, ignore_errors=True)
            with open(self.log, "w") as out:
                self._process = subprocess.Popen(
                    [str(self.rasa), "train", "--fixed-model-name", self.model.name.removesuffix(".tar.gz"),
                     "--out", str(staging)],
                    cwd=self.repo, stdout=out, stderr=subprocess.STDOUT,
                    env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
            self._started, self._finished, self._installed = time.time(), None, None
            threading.Thread(target=self._install, args=(self._process, staging), daemon=True).start()
            return True

    def _install(self, process: subprocess.Popen, staging: Path) -> None:
        """Once the run ends well, the new model takes the old one's place in one rename."""
        try:
            trained = staging / self.model.name
            if process.wait() == 0 and trained.exists():
                os.replace(trained, self.model)
                self._installed = True
            else:
                self._installed = False
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def progress(self) -> Progress:
        process = self._process
        if process is None:
            return Progress("idle", 0, None, None, "")
        output = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        found = _EPOCHS.findall(output)
        code = process.poll()
        if code == 0 and self._installed is None:  # trained; being put in place
            code = None
        if code is None:
            return Progress("running", min(int(found[-1]) if found else 0, 99), self._started, None, "")
        self._finished = self._finished or time.time()
        if code == 0 and self._installed:
            return Progress("done", 100, self._started, self._finished, "")
        tail = "\n".join(line for line in output.splitlines()[-15:])
        return Progress("failed", int(found[-1]) if found else 0, self._started, self._finished, tail)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
