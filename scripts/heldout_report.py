"""Reports how the assistant does on the held-out questions (tests/nlu/),
which the model never trains on, and fails below the quality bars.

  intent accuracy per language, from `rasa test nlu` results (>= 95%)
  reply language per language, from actions.language (>= 99%), each message
  taken as the first of a conversation, so nothing but its own words decides
  language detection time per message (median)

Usage: python -m scripts.heldout_report results/nlu-en results/nlu-fr
"""

import json
import statistics
import sys
import time
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from assistant import language

MIN_INTENT_ACCURACY = 0.95
MIN_LANGUAGE_ACCURACY = 0.99
HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "nlu"


def language_accuracy(lang: str):
    texts = [m.get("text") for m in load_data(str(HELDOUT / f"heldout_{lang}.yml")).intent_examples]
    wrong, timings = [], []
    for text in texts:
        start = time.perf_counter()
        chosen = language.choose(text, current=None, starting=None)
        timings.append(time.perf_counter() - start)
        if chosen != lang:
            wrong.append(text)
    return 1 - len(wrong) / len(texts), wrong, timings


def main(result_dirs) -> int:
    failed = False
    all_timings = []
    for directory in map(Path, result_dirs):
        lang = directory.name.rsplit("-", 1)[-1]
        report = json.loads((directory / "intent_report.json").read_text())
        accuracy = report["accuracy"]
        support = report["weighted avg"]["support"]
        lang_accuracy, wrong, timings = language_accuracy(lang)
        all_timings += timings
        print(f"[{lang}] intent accuracy {accuracy:.1%} on {support} held-out messages "
              f"(bar {MIN_INTENT_ACCURACY:.0%})")
        print(f"[{lang}] reply language right for {lang_accuracy:.1%} as first message "
              f"(bar {MIN_LANGUAGE_ACCURACY:.0%}); wrong: {wrong}")
        failed |= accuracy < MIN_INTENT_ACCURACY or lang_accuracy < MIN_LANGUAGE_ACCURACY
    median_us = statistics.median(all_timings) * 1e6
    print(f"language choice: median {median_us:.0f} µs per message over {len(all_timings)} messages")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
