"""Where the time of one turn goes: the assistant's model loaded in this
process, the real action server over HTTP, and a timer around each stage
Rasa runs for a message (tracker load, NLU, slot extraction, policies, the
action-server round trip, tracker save).

Usage (the action server must be running):
  python -m bench.profile_turn --model models/assistant.tar.gz \
      --action-url http://127.0.0.1:PORT/webhook --out results/bench/profile.json
"""

import argparse
import asyncio
import copy
import functools
import inspect
import json
import logging
import os
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent


class Timers:
    def __init__(self) -> None:
        self.samples: Dict[str, List[float]] = defaultdict(list)

    def wrap(self, stage: str, function: Callable) -> Callable:
        """`function`, timed into `stage` (sync or async alike)."""
        if inspect.iscoroutinefunction(function):
            @functools.wraps(function)
            async def timed_async(*args, **kwargs):
                t0 = time.perf_counter()
                try:
                    return await function(*args, **kwargs)
                finally:
                    self.samples[stage].append((time.perf_counter() - t0) * 1000)
            return timed_async

        @functools.wraps(function)
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.samples[stage].append((time.perf_counter() - t0) * 1000)
        return timed

    def reset(self) -> None:
        self.samples.clear()


STAGES = (
    ("tracker_load", "tracker store: load the conversation"),
    ("nlu", "NLU pipeline (tokenizer, featurizers, DIET)"),
    ("slot_extraction", "action_extract_slots (built-in, with the slot validation)"),
    ("policies", "policy prediction (RulePolicy), all predictions"),
    ("action_round_trip", "custom actions (the slot validation is skipped, no round trip, "
                          "when the message has no value to check)"),
    ("action_payload", "  of which: building the request (tracker + domain JSON)"),
    ("action_http", "  of which: the HTTP request and the action code"),
    ("tracker_save", "tracker store: save new events"),
)


async def profile(model: str, endpoints_file: str, turns: int, warmup: int) -> dict:
    import rasa_patches

    # The Rasa the server runs: its launcher installs these before the model loads.
    rasa_patches.install()
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from bench.load import load_conversations

    # Debug logging would dominate the timings; the server runs at INFO.
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    timers = Timers()
    captured: List[dict] = []

    original_format = RemoteAction._action_call_format

    def capturing_format(self, tracker, domain):
        body = original_format(self, tracker, domain)
        if len(captured) < 50:
            captured.append(copy.deepcopy(body))
        return body

    RemoteAction._action_call_format = timers.wrap("action_payload", capturing_format)
    RemoteAction.run = timers.wrap("action_round_trip", RemoteAction.run)
    EndpointConfig.request = timers.wrap("action_http", EndpointConfig.request)

    t0 = time.perf_counter()
    agent = await load_agent(model_path=model,
                             endpoints=AvailableEndpoints.read_endpoints(endpoints_file))
    load_seconds = time.perf_counter() - t0
    processor = agent.processor
    store = processor.tracker_store
    print(f"tracker store: {type(store).__name__} {getattr(store, 'engine', '')}")
    store.retrieve = timers.wrap("tracker_load", store.retrieve)
    store.save = timers.wrap("tracker_save", store.save)
    processor.parse_message = timers.wrap("nlu", processor.parse_message)
    processor.run_action_extract_slots = timers.wrap(
        "slot_extraction", processor.run_action_extract_slots)
    processor.predict_next_with_tracker_if_should = timers.wrap(
        "policies", processor.predict_next_with_tracker_if_should)

    texts = [(i, turn["text"]) for i, conv in enumerate(load_conversations())
             for turn in conv["turns"]]

    async def play(count: int, tag: str) -> List[float]:
        totals = []
        sent = 0
        while sent < count:
            for conv_index, text in texts:
                if sent >= count:
                    break
                message = UserMessage(text, CollectingOutputChannel(),
                                      sender_id=f"{tag}-{sent // len(texts)}-{conv_index}")
                t = time.perf_counter()
                await agent.handle_message(message)
                totals.append((time.perf_counter() - t) * 1000)
                sent += 1
        return totals

    await play(warmup, "warm")
    timers.reset()
    totals = await play(turns, "prof")

    stages = {}
    for stage, label in STAGES:
        samples = timers.samples.get(stage, [])
        stages[stage] = {
            "label": label,
            "calls_per_turn": round(len(samples) / len(totals), 2),
            "ms_per_turn": round(sum(samples) / len(totals), 2),
            "median_ms_per_call": round(statistics.median(samples), 2) if samples else None,
        }
    accounted = sum(v["ms_per_turn"] for k, v in stages.items() if k not in ("action_payload", "action_http"))
    total_mean = statistics.fmean(totals)

    # The action server's own share of the round trip: the same requests run
    # through the SDK's executor in this process, without HTTP.
    from rasa_sdk.executor import ActionExecutor
    executor = ActionExecutor()
    executor.register_package("actions.actions")
    code_ms = []
    for body in captured:
        t = time.perf_counter()
        await executor.run(copy.deepcopy(body))
        code_ms.append((time.perf_counter() - t) * 1000)
    payload_kb = statistics.median(len(json.dumps(b)) for b in captured) / 1024 if captured else 0

    return {
        "turns": len(totals),
        "model_load_s": round(load_seconds, 1),
        "turn_ms_mean": round(total_mean, 2),
        "turn_ms_median": round(statistics.median(totals), 2),
        "stages": stages,
        "unaccounted_ms_per_turn": round(total_mean - accounted, 2),
        "action_code_ms_median": round(statistics.median(code_ms), 2) if code_ms else None,
        "action_request_kb_median": round(payload_kb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "assistant.tar.gz"))
    parser.add_argument("--action-url", required=True)
    parser.add_argument("--endpoints", default=str(ROOT / "endpoints.yml"))
    parser.add_argument("--turns", type=int, default=80)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ["ACTION_SERVER_URL"] = args.action_url
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        os.environ["TRACKER_DB"] = str(Path(tmp) / "tracker.db")
        result = asyncio.run(profile(args.model, args.endpoints, args.turns, args.warmup))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
