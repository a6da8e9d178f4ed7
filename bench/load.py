"""Closed-loop load on a Rasa REST channel: N residents, each playing whole
conversations turn by turn, as fast as replies come back.

Bounded twice: a round stops after `max_turns` turns or `max_seconds`,
whichever comes first (turns in flight are finished and counted).
"""

import asyncio
import itertools
import math
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp
import yaml

CONVERSATIONS_FILE = Path(__file__).parent / "conversations.yml"
REQUEST_TIMEOUT = 60  # seconds; a reply slower than this counts as an error


def load_conversations(path: Path = CONVERSATIONS_FILE) -> List[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def percentile(values: List[float], q: float) -> Optional[float]:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


@dataclass
class RoundResult:
    concurrency: int
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    empty_replies: int = 0
    elapsed_s: float = 0.0
    by_lang: Dict[str, List[float]] = field(default_factory=dict)

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        return self.turns / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self) -> dict:
        lat = self.latencies_ms
        return {
            "concurrency": self.concurrency,
            "turns": self.turns,
            "errors": self.errors,
            "empty_replies": self.empty_replies,
            "elapsed_s": round(self.elapsed_s, 2),
            "throughput_tps": round(self.throughput, 2),
            "p50_ms": _round(percentile(lat, 50)),
            "p95_ms": _round(percentile(lat, 95)),
            "p99_ms": _round(percentile(lat, 99)),
            "mean_ms": _round(statistics.fmean(lat) if lat else None),
            "p50_ms_by_lang": {k: _round(percentile(v, 50)) for k, v in self.by_lang.items()},
        }


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 1)


async def run_round(
    rest_url: str,
    conversations: List[dict],
    concurrency: int,
    max_turns: int,
    max_seconds: float,
    seed: int = 0,
    label: str = "bench",
) -> RoundResult:
    """Play conversations with `concurrency` residents until a bound is hit."""
    result = RoundResult(concurrency=concurrency)
    rng = random.Random(seed)
    order = list(range(len(conversations)))
    rng.shuffle(order)
    # Residents take conversations from one shared rotation, so every round
    # sees the same mix whatever the concurrency.
    rotation = itertools.cycle(order)
    started = time.perf_counter()
    deadline = started + max_seconds
    budget = {"left": max_turns}

    def may_start_turn() -> bool:
        if budget["left"] <= 0 or time.perf_counter() >= deadline:
            return False
        budget["left"] -= 1
        return True

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:

        async def resident(number: int) -> None:
            while True:
                conversation = conversations[next(rotation)]
                sender = f"{label}-{number}-{uuid.uuid4().hex[:12]}"
                for turn in conversation["turns"]:
                    if not may_start_turn():
                        return
                    t0 = time.perf_counter()
                    try:
                        async with session.post(
                            rest_url, json={"sender": sender, "message": turn["text"]}
                        ) as response:
                            body = await response.json(content_type=None)
                            ok = response.status == 200
                    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                        ok, body = False, None
                    elapsed_ms = (time.perf_counter() - t0) * 1000
                    if not ok:
                        result.errors += 1
                        continue
                    if not body:
                        result.empty_replies += 1
                    result.latencies_ms.append(elapsed_ms)
                    result.by_lang.setdefault(conversation["lang"], []).append(elapsed_ms)

        await asyncio.gather(*(resident(n) for n in range(concurrency)))
    result.elapsed_s = time.perf_counter() - started
    return result


async def ask(rest_url: str, text: str, sender: Optional[str] = None, timeout: float = 10) -> List[dict]:
    """One message, its replies (empty list on any failure)."""
    sender = sender or f"probe-{uuid.uuid4().hex[:12]}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.post(rest_url, json={"sender": sender, "message": text}) as response:
                if response.status != 200:
                    return []
                return await response.json(content_type=None) or []
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return []
