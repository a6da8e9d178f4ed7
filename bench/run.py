"""The performance benchmark behind `make bench`.

In one run, on this machine:
  1. language detection time per message, and redaction time per message
     (Presidio, over the bench mix and the labelled redaction set), in process;
  2. Rasa's starter bot (`rasa init`, its own model, responses only, no
     action server), for comparison: the floor a Rasa assistant can reach;
  3. time from `make run` to the first answered REST message (trained model
     present), on free ports, with a throwaway tracker database and a copy of
     locales/;
  4. turn latency and throughput over the REST channel at 1, 8 and 32
     concurrent residents, both bots in the same rounds, alternating which
     goes first;
  5. resident memory of the Rasa server and the action server after the load;
  6. time for a content-only change (the copy of locales/) to reach residents;
  7. a profile of one turn (bench/profile_turn.py);
  8. full training time (`rasa train --force` into a temporary folder).

Writes results/bench/report.json and results/bench/report.md.
The starter bot is kept in var/bench/ between runs (it depends only on the
Rasa version).

With --busy-disk, another process keeps writing to the same disk during the
load rounds (bench/busy_disk.py), as other people's work on these shared
machines does.

Usage: python -m bench.run [--rounds 3] [--skip-train] [--fresh-starter] [--busy-disk]
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bench import load
from bench.busy_disk import BusyDisk
from bench.report import render

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "assistant.tar.gz"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
LEVELS = (1, 8, 32)
# Per round and bot: at most this many turns, and at most ROUND_SECONDS.
TURNS_PER_ROUND = {1: 60, 8: 240, 32: 480}
ROUND_SECONDS = 15.0
START_TIMEOUT = 300
CONTENT_MARKER = "[bench content change]"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**overrides: str) -> Dict[str, str]:
    env = dict(os.environ)
    for name in ("MODEL", "RASA_PORT", "ACTION_PORT", "ACTION_SERVER_URL", "WEB_PORT",
                 "CORS_ORIGINS", "TRACKER_DB", "LOCALES_DIR"):
        env.pop(name, None)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               SQLALCHEMY_SILENCE_UBER_WARNING="1")
    env.update(overrides)
    return env


# --------------------------------------------------------------------------- machine


def machine_info() -> dict:
    def run(command: List[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": run(["nproc"]),
        "cpu_model": cpu,
        "free_h": run(["free", "-h"]),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rasa": _version("rasa"),
        "rasa_sdk": _version("rasa-sdk"),
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --------------------------------------------------------------------------- processes


def children_of(pid: int) -> List[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def descendants(pid: int) -> List[int]:
    result, todo = [], [pid]
    while todo:
        for child in children_of(todo.pop()):
            result.append(child)
            todo.append(child)
    return result


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, in MiB (from /proc)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def pid_listening_on(port: int) -> Optional[int]:
    """The process with a listening TCP socket on `port` (from /proc), however it
    was started (`rasa run`, `python -m resilience run`, ...)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            for fd in fd_dir.iterdir():
                if os.readlink(fd) in inodes:
                    return int(fd_dir.parent.name)
        except OSError:
            continue
    return None


class Started:
    """A process group this benchmark started, stopped by its own id."""

    def __init__(self, name: str, command: List[str], cwd: Path, env: Dict[str, str], log_path: Path):
        self.name = name
        self.log_path = log_path
        self._log = open(log_path, "w")
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self._log.close()

    def tail(self, chars: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


async def wait_for_answer(rest_url: str, started: Started, timeout: float = START_TIMEOUT,
                          text: str = "Hello") -> float:
    """Seconds until `text` gets a non-empty reply; raises if it never does."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if not started.alive():
            raise RuntimeError(f"{started.name} exited:\n{started.tail()}")
        if await load.ask(rest_url, text, timeout=30):
            return time.perf_counter() - t0
        await asyncio.sleep(0.25)
    raise TimeoutError(f"{started.name}: no answer after {timeout}s:\n{started.tail()}")


# --------------------------------------------------------------------------- measurements


def measure_detection() -> dict:
    """Time per message of the reply-language decision, over the bench mix."""
    from assistant import language

    texts = [t["text"] for c in load.load_conversations() for t in c["turns"]]

    def per_message(function, repeat: int = 200) -> List[float]:
        for text in texts:
            function(text)
        times = []
        for text in texts:
            t0 = time.perf_counter()
            for _ in range(repeat):
                function(text)
            times.append((time.perf_counter() - t0) / repeat * 1000)
        return times

    def summary(times: List[float]) -> dict:
        return {"median_ms": round(statistics.median(times), 4),
                "p95_ms": round(load.percentile(times, 95), 4),
                "max_ms": round(max(times), 4)}

    return {
        "messages": len(texts),
        # Detection is remembered per message (language.detect): timed afresh each time.
        "choose": summary(per_message(lambda t: (language.detect.cache_clear(),
                                                 language.choose(t, current="en")))),
        # The statistical detector alone, for messages the marker words do not settle.
        "langdetect_fallback": summary(per_message(language._langdetect, repeat=20)),
    }


def measure_redaction() -> dict:
    """Time per message of redaction (privacy/redaction.py), over the bench
    mix and the labelled set of privacy/redaction_eval.py, both languages."""
    from assistant.offices import public_phone_numbers
    from privacy import redaction, redaction_eval

    keep = public_phone_numbers()
    texts = [t["text"] for c in load.load_conversations() for t in c["turns"]]
    texts += [m["text"] for lang in redaction_eval.LANGUAGES for m in redaction_eval.load_set(lang)]
    for text in texts:  # the analyzer is built on first use, as in the server
        redaction.redact(text, keep)
    times = []
    for text in texts:
        t0 = time.perf_counter()
        for _ in range(20):  # each time analysed anew: no cached result
            redaction.redact_without_cache(text, keep)
        times.append((time.perf_counter() - t0) / 20 * 1000)
    return {"messages": len(texts), "median_ms": round(statistics.median(times), 3),
            "p95_ms": round(load.percentile(times, 95), 3), "max_ms": round(max(times), 3)}


def starter_bot(cache: Path, fresh: bool) -> dict:
    """Rasa's starter bot, created and trained by `rasa init`.

    It depends only on the Rasa version, so it is kept in `cache` and made
    again only when missing or when asked (--fresh-starter)."""
    directory = cache / f"starter-rasa-{_version('rasa')}"
    stamp = directory / "bench-init.json"
    if not fresh and stamp.exists() and list((directory / "models").glob("*.tar.gz")):
        made = json.loads(stamp.read_text())
        return {"dir": directory, "train_s": made["train_s"], "made": made["made"], "reused": True}
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    log(f"creating and training the starter bot (rasa init) in {directory}")
    t0 = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(directory)],
                          cwd=directory, env=base_env(), capture_output=True, text=True, timeout=1200)
    if done.returncode != 0 or not list((directory / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    made = {"train_s": round(time.perf_counter() - t0, 1),
            "made": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    stamp.write_text(json.dumps(made))
    return {"dir": directory, **made, "reused": False}


def model_is_current() -> bool:
    """What make checks: the model is newer than every training input."""
    if not MODEL.exists():
        return False
    newest = max((p.stat().st_mtime for name in TRAINING_INPUTS
                  for p in ([ROOT / name] if (ROOT / name).is_file() else (ROOT / name).rglob("*.yml"))),
                 default=0)
    return MODEL.stat().st_mtime >= newest


def start_assistant(workdir: Path) -> dict:
    """`make run` on free ports; the model must already be current (never retrains)."""
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    locales = workdir / "locales"
    shutil.copytree(ROOT / "locales", locales)
    env = base_env(
        **{k: str(v) for k, v in ports.items()},
        ACTION_SERVER_URL=f"http://127.0.0.1:{ports['ACTION_PORT']}/webhook",
        CORS_ORIGINS=f"http://127.0.0.1:{ports['WEB_PORT']}",
        TRACKER_DB=str(workdir / "tracker.db"),
        LOCALES_DIR=str(locales),
        # All simulated residents share one address; the per-address and
        # per-conversation rate limits (privacy/limits.py) would otherwise
        # answer most of them with "too many messages" without processing.
        RATE_LIMIT_PER_ADDRESS="1000000",
        RATE_LIMIT_PER_SENDER="1000000",
    )
    if model_is_current():
        command, how = ["make", "--no-print-directory", "run"], "make run"
    else:
        # make would retrain first, into models/; the benchmark never does that.
        command, how = ["bash", "scripts/run.sh"], "scripts/run.sh (model older than data: make run would retrain first)"
    log(f"starting the assistant with {how}")
    started = Started("assistant", command, ROOT, env, workdir / "assistant.log")
    rest_url = f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook"
    first_answer_s = asyncio.run(wait_for_answer(rest_url, started))
    return {"started": started, "rest_url": rest_url, "how": how, "locales": locales, "ports": ports,
            "action_url": env["ACTION_SERVER_URL"], "first_answer_s": round(first_answer_s, 1)}


def start_starter(directory: Path, workdir: Path) -> dict:
    port = free_port()
    model = sorted((directory / "models").glob("*.tar.gz"))[-1]
    # No action server: the starter bot answers with its responses only.
    started = Started("starter bot", [
        str(VENV_BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1",
        "--port", str(port), "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
    ], directory, base_env(), workdir / "starter.log")
    rest_url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    first_answer_s = asyncio.run(wait_for_answer(rest_url, started))
    return {"started": started, "rest_url": rest_url, "first_answer_s": round(first_answer_s, 1)}


def run_load(bots: Dict[str, str], rounds: int) -> dict:
    conversations = load.load_conversations()
    warmup_turns = 2 * sum(len(c["turns"]) for c in conversations)
    for name, url in bots.items():
        log(f"warming up {name} ({warmup_turns} turns)")
        asyncio.run(load.run_round(url, conversations, 4, warmup_turns, 60, seed=99, label="warmup"))
    results: Dict[str, Dict[int, List[dict]]] = {name: {level: [] for level in LEVELS} for name in bots}
    names = list(bots)
    for level in LEVELS:
        # Single-resident rounds are short and the noisiest: twice as many.
        for r in range(rounds * 2 if level == 1 else rounds):
            order = names if r % 2 == 0 else names[::-1]
            for name in order:
                outcome = asyncio.run(load.run_round(
                    bots[name], conversations, level, TURNS_PER_ROUND[level], ROUND_SECONDS,
                    seed=r, label=f"{name}-c{level}-r{r}"))
                summary = outcome.summary()
                summary["loadavg"] = loadavg()
                results[name][level].append(summary)
                log(f"{name:9s} c={level:<2d} round {r + 1}: p50 {summary['p50_ms']} ms, "
                    f"p95 {summary['p95_ms']} ms, {summary['throughput_tps']} turns/s, "
                    f"{summary['errors']} errors")
    return results


def content_change(rest_url: str, locales: Path, timeout: float = 30) -> dict:
    """Edit the greeting in the copied catalog; seconds until residents see it."""
    path = locales / "en" / "answers.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = asyncio.run(load.ask(rest_url, "Hello"))
    data["answers"]["greet"]["text"] = data["answers"]["greet"]["text"].rstrip() + " " + CONTENT_MARKER
    t0 = time.perf_counter()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    while time.perf_counter() - t0 < timeout:
        replies = asyncio.run(load.ask(rest_url, "Hello"))
        if any(CONTENT_MARKER in (r.get("text") or "") for r in replies):
            return {"live_s": round(time.perf_counter() - t0, 2), "retrained": False,
                    "greeting_answered_before": bool(before)}
        time.sleep(0.1)
    return {"live_s": None, "retrained": False, "greeting_answered_before": bool(before)}


def profile(action_url: str, workdir: Path) -> Optional[dict]:
    out = workdir / "profile.json"
    done = subprocess.run([str(VENV_BIN / "python"), "-m", "bench.profile_turn", "--action-url", action_url,
                           "--model", str(MODEL), "--out", str(out)],
                          cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not out.exists():
        log(f"profile failed:\n{done.stderr[-2000:]}")
        return None
    return json.loads(out.read_text())


def training_time(workdir: Path) -> dict:
    out = workdir / "models"
    t0 = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "rasa"), "train", "--force", "--out", str(out),
                           "--fixed-model-name", "assistant"],
                          cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=1800)
    seconds = round(time.perf_counter() - t0, 1)
    ok = done.returncode == 0 and (out / "assistant.tar.gz").exists()
    if not ok:
        log(f"training failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return {"seconds": seconds, "ok": ok}


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="load rounds per level and bot (twice as many with 1 resident)")
    parser.add_argument("--skip-train", action="store_true", help="do not time a full training")
    parser.add_argument("--fresh-starter", action="store_true",
                        help="make the starter bot again even if var/bench/ has one")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--busy-disk", action="store_true",
                        help="another process writes to the disk throughout the load rounds")
    parser.add_argument("--redaction-only", action="store_true",
                        help="only time redaction per message (seconds, no servers)")
    args = parser.parse_args()
    if args.redaction_only:
        print(json.dumps(measure_redaction()))
        return
    t_start = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    command = "make bench" + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else "")
    report: dict = {"command": command, "machine": machine_info(), "loadavg_start": loadavg()}
    log(f"working in {workdir}; load average {report['loadavg_start']}")

    report["detection"] = measure_detection()
    report["redaction"] = measure_redaction()
    starter = starter_bot(ROOT / "var" / "bench", args.fresh_starter)
    report["starter"] = {k: v for k, v in starter.items() if k != "dir"}

    running: List[Started] = []
    try:
        assistant = start_assistant(workdir)
        running.append(assistant["started"])
        report["startup"] = {"command": assistant["how"], "first_answer_s": assistant["first_answer_s"]}
        log(f"first answer {assistant['first_answer_s']} s after start")
        starter_server = start_starter(starter["dir"], workdir)
        running.append(starter_server["started"])
        report["startup"]["starter_first_answer_s"] = starter_server["first_answer_s"]

        report["loadavg_before_load"] = loadavg()
        with (BusyDisk(workdir) if args.busy_disk else contextlib.nullcontext()) as disk:
            report["load"] = run_load({"assistant": assistant["rest_url"],
                                       "starter": starter_server["rest_url"]}, args.rounds)
        if disk:
            report["busy_disk_syncs_per_s"] = disk.syncs_per_second
        report["loadavg_after_load"] = loadavg()

        rasa_pid = pid_listening_on(assistant["ports"]["RASA_PORT"])
        action_pid = pid_listening_on(assistant["ports"]["ACTION_PORT"])
        report["memory_mb"] = {
            "rasa_server": rss_mb(rasa_pid) if rasa_pid else None,
            "action_server": rss_mb(action_pid) if action_pid else None,
            "starter_rasa_server": rss_mb(starter_server["started"].process.pid),
        }
        starter_server["started"].stop()
        report["content_change"] = content_change(assistant["rest_url"], assistant["locales"])
        log("profiling one turn")
        report["profile"] = profile(assistant["action_url"], workdir)
    finally:
        for started in running:
            started.stop()

    if not args.skip_train:
        log("timing a full training (rasa train --force)")
        report["training"] = training_time(workdir)
    report["bench_minutes"] = round((time.perf_counter() - t_start) / 60, 1)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    (args.out / "report.md").write_text(render(report), encoding="utf-8")
    log(f"wrote {args.out / 'report.md'} and report.json in {report['bench_minutes']} min")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print((args.out / "report.md").read_text())


if __name__ == "__main__":
    main()
