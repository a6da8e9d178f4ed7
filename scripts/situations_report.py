"""How the assistant answers residents' situations: topic and office, per
language, on question sets written from residents' situations
(tests/nlu/situations_*.yml held out; tests/nlu/validation_*.yml for tuning).

Each question is taken as the first message of a conversation: personal
details are redacted as the privacy guard does, the trained model classifies
it (in-process, as the Rasa server would), then the same
decision the actions make (assistant/dialogue.py) picks the reply. A question
is right when the reply's topic is one the set accepts, the office is the
expected one, and the reply is in the expected language.

Usage:
  python -m scripts.situations_report tests/nlu/situations_en.yml tests/nlu/situations_fr.yml
  python -m scripts.situations_report --tune tests/nlu/validation_*.yml
  options: --model models/assistant.tar.gz  --min-accuracy 0.95  --min-declined 0.95
           --max-wrongly-declined 0.03  --max-wrong-office 0  --show-wrong
  Exits 1 when a language misses a bar.
"""

import argparse
import asyncio
import itertools
import logging
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from assistant import dialogue, language
from assistant.dialogue import Decision, Understanding

ROUTED_TOPICS = dialogue.ROUTING_INTENTS | {"complaint_how"}
DECLINED = ("decline", "not_understood")


@dataclass
class Question:
    text: str
    topic: str
    also: Tuple[str, ...]
    office: str
    kind: str
    reply_language: str


@dataclass
class Outcome:
    question: Question
    decision: Decision
    reply_language: str

    @property
    def office(self) -> str:
        if self.decision.kind == "office":
            return self.decision.office or "none"
        if self.decision.routing is not None:
            return self.decision.routing.outcome
        return "none"

    @property
    def declined(self) -> bool:
        return self.decision.kind in DECLINED

    @property
    def topic_right(self) -> bool:
        accepted = {self.question.topic, *self.question.also}
        if self.question.topic == "out_of_scope":
            return self.declined
        if self.decision.kind == "answer":
            return self.decision.intent in accepted
        if self.decision.kind == "languages":
            return bool(accepted & {"capabilities", "switch_language"})
        if self.decision.kind in ("route", "office"):
            return bool(accepted & ROUTED_TOPICS) or self.question.office != "none"
        return False

    @property
    def office_right(self) -> bool:
        return self.question.office == "none" or self.office == self.question.office

    @property
    def wrong_office(self) -> bool:
        """An office shown that cannot help: worse than asking or no answer."""
        return self.office not in ("none", "ask", self.question.office) and self.question.office != "none"

    @property
    def right(self) -> bool:
        lang_right = self.reply_language == self.question.reply_language
        return self.topic_right and self.office_right and lang_right


def load(path: Path) -> Tuple[str, List[Question]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lang = data["language"]
    return lang, [Question(q["text"], q["topic"], tuple(q.get("also") or ()), q.get("office", "none"),
                           q.get("kind", ""), q.get("reply_language", lang))
                  for q in data["questions"]]


def as_the_assistant_reads(text: str) -> str:
    """The message as Rasa and the actions receive it: personal details
    replaced by placeholders (privacy/guard.py)."""
    from assistant.offices import public_phone_numbers
    from privacy import redaction

    return redaction.redact(text, public_phone_numbers()).text


def parse_all(model: str, texts: Sequence[str]) -> List[Understanding]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)

    async def parse() -> List[Understanding]:
        understood = []
        for text in texts:
            result = await agent.parse_message(text)
            ranking = tuple((r["name"], float(r["confidence"])) for r in result.get("intent_ranking") or [])
            intent = result.get("intent") or {}
            understood.append(Understanding(text, intent.get("name"), float(intent.get("confidence") or 0),
                                            ranking))
        return understood

    return asyncio.run(parse())


def evaluate(questions: Sequence[Question], understood: Sequence[Understanding]) -> List[Outcome]:
    outcomes = []
    for question, understanding in zip(questions, understood):
        decision = dialogue.decide(understanding)
        text = understanding.text  # as the assistant reads it
        reply_language = language.choose(text, requested=language.explicit_request(text))
        outcomes.append(Outcome(question, decision, reply_language))
    return outcomes


@dataclass
class Scores:
    accuracy: float
    in_scope: int
    in_scope_declined: float
    out_of_scope: int
    out_of_scope_declined: float
    wrong_office: int
    asked_instead: int

    def line(self, lang: str) -> str:
        return (f"[{lang}] right (topic, office, language): {self.accuracy:.1%} of "
                f"{self.in_scope + self.out_of_scope}; in scope wrongly declined "
                f"{self.in_scope_declined:.1%} of {self.in_scope}; out of scope declined "
                f"{self.out_of_scope_declined:.1%} of {self.out_of_scope}; wrong office "
                f"{self.wrong_office}; asked instead of routing {self.asked_instead}")


def score(outcomes: Sequence[Outcome]) -> Scores:
    in_scope = [o for o in outcomes if o.question.topic != "out_of_scope"]
    out_scope = [o for o in outcomes if o.question.topic == "out_of_scope"]
    return Scores(
        accuracy=sum(o.right for o in outcomes) / len(outcomes),
        in_scope=len(in_scope),
        in_scope_declined=sum(o.declined for o in in_scope) / max(1, len(in_scope)),
        out_of_scope=len(out_scope),
        out_of_scope_declined=sum(o.declined for o in out_scope) / max(1, len(out_scope)),
        wrong_office=sum(o.wrong_office for o in outcomes),
        asked_instead=sum(o.office == "ask" and o.question.office not in ("ask", "none")
                          for o in outcomes),
    )


def tune(per_language: Dict[str, Tuple[List[Question], List[Understanding]]]) -> None:
    """Scores over a grid of thresholds, best first: both sides of the trade-off."""
    rows = []
    for answer, clarify in itertools.product([0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55],
                                             [0.1, 0.15, 0.2, 0.25]):
        if clarify >= answer:
            continue
        dialogue.ANSWER_THRESHOLD, dialogue.CLARIFY_THRESHOLD = answer, clarify
        scores = {lang: score(evaluate(q, u)) for lang, (q, u) in per_language.items()}
        worst = min(s.accuracy for s in scores.values())
        rows.append((worst, answer, clarify, scores))
    for worst, answer, clarify, scores in sorted(rows, key=lambda r: -r[0])[:8]:
        print(f"answer >= {answer:.2f}, clarify >= {clarify:.2f}: worst language {worst:.1%}")
        for lang, s in scores.items():
            print("   " + s.line(lang))


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--model", default="models/assistant.tar.gz")
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--min-declined", type=float, default=0.0,
                        help="out-of-scope questions declined, at least")
    parser.add_argument("--max-wrongly-declined", type=float, default=1.0,
                        help="in-scope questions declined, at most")
    parser.add_argument("--max-wrong-office", type=int, default=10**6,
                        help="questions sent to an office that cannot help, at most, per language")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    import structlog  # Rasa logs every parse at debug level through structlog
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    loaded = [load(path) for path in args.sets]
    texts = [q.text for _, questions in loaded for q in questions]
    understood = parse_all(args.model, [as_the_assistant_reads(text) for text in texts])
    per_language: Dict[str, Tuple[List[Question], List[Understanding]]] = {}
    offset = 0
    for lang, questions in loaded:
        q, u = per_language.setdefault(lang, ([], []))
        q += questions
        u += understood[offset:offset + len(questions)]
        offset += len(questions)
    if args.tune:
        tune(per_language)
        return 0

    failed = False
    for lang, (questions, understanding) in per_language.items():
        start = time.perf_counter()
        outcomes = evaluate(questions, understanding)
        per_message = (time.perf_counter() - start) / len(outcomes)
        scores = score(outcomes)
        print(scores.line(lang) + f"; decision {per_message * 1e3:.2f} ms per message")
        for kind in sorted({o.question.kind for o in outcomes}):
            group = [o for o in outcomes if o.question.kind == kind]
            print(f"     {kind:20} {sum(o.right for o in group) / len(group):6.1%} of {len(group)}")
        if args.show_wrong:
            for o in outcomes:
                if not o.right:
                    print(f"   WRONG {o.question.text!r}: expected {o.question.topic}/{o.question.office}"
                          f"/{o.question.reply_language}, got {o.decision.kind} {o.decision.intent}"
                          f"/{o.office}/{o.reply_language} {o.decision.suggestions}")
        failed |= (scores.accuracy < args.min_accuracy
                   or scores.out_of_scope_declined < args.min_declined
                   or scores.in_scope_declined > args.max_wrongly_declined
                   or scores.wrong_office > args.max_wrong_office)
    timings = []
    for text in texts[:200]:
        start = time.perf_counter()
        dialogue.situation.read(text)
        timings.append(time.perf_counter() - start)
    print(f"situation model: median {statistics.median(timings) * 1e3:.3f} ms per message")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
