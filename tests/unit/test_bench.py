"""The benchmark's own arithmetic and report (no servers: `make bench` runs them)."""

import time

from bench import load, report
from bench.busy_disk import BusyDisk
from bench.load import RoundResult


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert load.percentile(values, 50) == 50
    assert load.percentile(values, 95) == 95
    assert load.percentile(values, 99) == 99
    assert load.percentile([7.0], 99) == 7.0
    assert load.percentile([], 50) is None


def test_round_summary_counts_turns_and_throughput():
    result = RoundResult(concurrency=8, latencies_ms=[10.0, 20.0, 30.0, 40.0], elapsed_s=2.0,
                         by_lang={"en": [10.0, 20.0], "fr": [30.0, 40.0]})
    summary = result.summary()
    assert summary["turns"] == 4
    assert summary["throughput_tps"] == 2.0
    assert summary["p50_ms"] == 20.0
    assert summary["p50_ms_by_lang"] == {"en": 10.0, "fr": 30.0}


def test_conversations_mix_both_languages_and_office_routing():
    conversations = load.load_conversations()
    languages = {c["lang"] for c in conversations}
    assert languages == {"en", "fr"}
    for lang in languages:
        routed = [t for c in conversations if c["lang"] == lang for t in c["turns"] if t.get("office")]
        assert len(routed) >= 3, f"too few office-routing turns in {lang}"


def _rounds(p50, p95, tps):
    return [{"p50_ms": p50, "p95_ms": p95, "p99_ms": p95, "throughput_tps": tps,
             "turns": 100, "errors": 0}]


def _report(assistant_p50, starter_p50, training_s=120.0, memory=(900.0, 150.0), live_s=0.5,
            redaction_ms=0.4):
    return {
        "command": "make bench",
        "machine": {"date": "2026-01-01T00:00:00+00:00", "nproc": "2", "cpu_model": "cpu",
                    "python": "3.9", "kernel": "k", "free_h": "Mem: 23Gi"},
        "load": {
            "assistant": {level: _rounds(assistant_p50, assistant_p50 * 2, 10) for level in (1, 8, 32)},
            "starter": {level: _rounds(starter_p50, starter_p50 * 2, 10) for level in (1, 8, 32)},
        },
        "detection": {"messages": 40, "choose": {"median_ms": 0.03, "p95_ms": 0.1, "max_ms": 0.2},
                      "langdetect_fallback": {"median_ms": 0.4, "p95_ms": 0.6, "max_ms": 1.0}},
        "redaction": {"messages": 520, "median_ms": redaction_ms, "p95_ms": 1.0, "max_ms": 2.0},
        "training": {"seconds": training_s, "ok": True},
        "content_change": {"live_s": live_s, "retrained": False},
        "memory_mb": {"rasa_server": memory[0], "action_server": memory[1], "starter_rasa_server": 700.0},
    }


def test_report_marks_targets_met():
    text = report.render(_report(assistant_p50=35.0, starter_p50=50.0))
    assert "**not met**" not in text
    assert "0.70x" in text


def test_as_fast_as_the_starter_bot_is_not_fast_enough():
    text = report.render(_report(assistant_p50=50.0, starter_p50=50.0))
    assert text.count("**not met**") == 4  # p50 and p95 at 1 and 8 residents


def test_report_flags_every_missed_target():
    text = report.render(_report(assistant_p50=80.0, starter_p50=50.0, training_s=400.0,
                                 memory=(1400.0, 300.0), live_s=None, redaction_ms=6.0))
    # p50 and p95 at 1 and 8 residents, redaction, training, content change, memory.
    assert text.count("**not met**") == 8
    assert "1.60x" in text


def test_report_gives_the_redaction_time_against_its_target():
    text = report.render(_report(assistant_p50=35.0, starter_p50=50.0, redaction_ms=0.4))
    assert "| redaction per message (median over 520 messages" in text and "0.40 ms | ≤ 5 ms | met" in text


def test_report_says_when_the_disk_was_kept_busy():
    quiet = report.render(_report(assistant_p50=50.0, starter_p50=50.0))
    busy = report.render({**_report(assistant_p50=50.0, starter_p50=50.0), "busy_disk_syncs_per_s": 190.5})
    assert "busy disk" not in quiet
    assert "waited for the disk 190.5 times a second" in busy


def test_busy_disk_writes_until_stopped_and_removes_its_file(tmp_path):
    with BusyDisk(tmp_path) as disk:
        deadline = time.monotonic() + 30
        while not list(tmp_path.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(tmp_path.iterdir()), "the writer never started"
        time.sleep(0.3)
    assert disk.syncs_per_second > 0
    assert list(tmp_path.iterdir()) == []
