"""What residents asked that the assistant could not answer, so staff know
which questions to add next (docs/STAFF.md, "Learn from real conversations").

Reads the conversations Rasa keeps in its tracker store (the `events` table
of the SQLite file at TRACKER_DB, default var/tracker.db, or of the database
at TRACKER_DB_URL when set) and lists, per language, grouped and counted:

  not understood   the resident got the fallback reply (nlu_fallback, or
                   action_fallback without routing them to an office);
  out of scope     understood as a question outside the assistant's topics
                   (intent out_of_scope: "Sorry, I can't help with that");
  uncertain        the assistant answered, but its confidence in the intent
                   was below the threshold (REPORT_LOW_CONFIDENCE, 0.6).

Personal information in the questions (emails, phone numbers, SIN, card
numbers, postal codes, street addresses) is redacted with privacy/redaction.py
before anything is grouped or printed, and sender ids never leave the
function that reads the database.

Usage: python -m scripts.unanswered_report [--db var/tracker.db]
           [--threshold 0.6] [--days N] [--top 30]      (or `make report`)
"""

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Union

from assistant import language, settings
from privacy import database

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_THRESHOLD = 0.6
OUT_OF_SCOPE = "out_of_scope"
LANGUAGE_NAMES = language.NAMES
# A fallback that still routed the resident (a bare "Saskatoon" answering our
# own question) sets these slots; that resident was answered.
_ROUTING_SLOTS = {"province", "org_kind", "pending_question"}


# ----- redaction -------------------------------------------------------------

def redactor() -> Callable[[str], str]:
    """The project's redaction (privacy/redaction.py), sparing the privacy
    offices' own public numbers, which residents quote back."""
    from assistant.offices import public_phone_numbers
    from privacy.redaction import redact

    public = public_phone_numbers()
    return lambda text: redact(text, keep=public).text


# ----- reading the tracker store ------------------------------------------------

@dataclass
class Turn:
    """One thing a resident wrote, and how the assistant took it."""

    text: str
    lang: str
    intent: Optional[str]
    confidence: float
    fallback: bool
    timestamp: float


def turns_from_events(events: Iterable[dict]) -> List[Turn]:
    """Turns of ONE conversation, from its events in order (Rasa's event dicts)."""
    turns: List[Turn] = []
    current: Optional[Turn] = None
    fell_back = routed = False

    def close() -> None:
        if current is not None:
            current.fallback = (current.intent == "nlu_fallback" or fell_back) and not routed
            turns.append(current)

    for event in events:
        kind = event.get("event")
        if kind == "user":
            close()
            parse = event.get("parse_data") or {}
            intent = parse.get("intent") or {}
            text = event.get("text") or ""
            current = Turn(text=text, lang="", intent=intent.get("name"),
                           confidence=float(intent.get("confidence") or 0.0), fallback=False,
                           timestamp=float(event.get("timestamp") or 0.0))
            fell_back = routed = False
        elif current is None:
            continue
        elif kind == "action" and event.get("name") == "action_fallback":
            fell_back = True
        elif kind == "slot" and event.get("name") == "language" and event.get("value") in LANGUAGE_NAMES:
            current.lang = current.lang or event["value"]
        elif kind == "slot" and event.get("name") in _ROUTING_SLOTS and event.get("value"):
            routed = True
    close()
    for turn in turns:
        # The reply language the actions chose; the words decide when no action ran.
        turn.lang = turn.lang or language.detect(turn.text) or "en"
    return turns


class TrackerStoreError(Exception):
    """The tracker store cannot be read; the message says why in plain words."""


def store_label(store: Union[Path, str]) -> str:
    """How to name the store in messages: a file, or a database URL without its password."""
    if isinstance(store, Path):
        return str(store)
    import sqlalchemy as sa
    return sa.engine.make_url(store).render_as_string(hide_password=True)


def read_turns(store: Union[Path, str]) -> List[Turn]:
    """Every resident turn in the tracker store, sender ids left behind.

    store: the SQLite file (TRACKER_DB), or a database URL (TRACKER_DB_URL,
    e.g. the PostgreSQL of cluster mode).
    """
    import sqlalchemy as sa

    label = store_label(store)
    if isinstance(store, Path):
        if not store.is_file():
            raise TrackerStoreError(f"{store} does not exist: no conversations recorded yet, "
                                    "or TRACKER_DB points elsewhere")
        # Read-only: a report must never create or change the store.
        store = f"sqlite:///file:{store.resolve()}?mode=ro&uri=true"
    try:
        engine = sa.create_engine(store)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise TrackerStoreError(f"{label} is not a database address this report can open: {error}") from error
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                raise TrackerStoreError(f"{label} has no 'events' table: is it Rasa's tracker store?")
            # sender_id only groups events into conversations; it never leaves this function.
            rows = connection.execute(sa.text(
                "SELECT sender_id, data FROM events ORDER BY id")).fetchall()
    except sa.exc.DBAPIError as error:
        raise TrackerStoreError(f"{label} cannot be read as a database: {error.orig}") from error
    finally:
        engine.dispose()
    # In the order conversations started, so each group shows its first wording.
    conversations: Dict[str, List[dict]] = defaultdict(list)
    for sender, data in rows:
        try:
            conversations[sender].append(json.loads(data))
        except (TypeError, ValueError):
            continue  # a damaged row is skipped, not fatal
    return [turn for events in conversations.values() for turn in turns_from_events(events)]


# ----- grouping -------------------------------------------------------------------

@dataclass
class Group:
    text: str          # as first asked, redacted
    count: int
    guesses: Counter   # intent -> times, for uncertain turns
    confidence: float  # mean


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" .!?¿¡,;:'\"")


def group(turns: Iterable[Turn], redact: Callable[[str], str]) -> List[Group]:
    groups: Dict[str, Group] = {}
    for turn in turns:
        text = redact(turn.text)
        key = _normalized(text)
        found = groups.get(key)
        if found is None:
            found = groups[key] = Group(" ".join(text.split()), count=0, guesses=Counter(), confidence=0.0)
        found.confidence = (found.confidence * found.count + turn.confidence) / (found.count + 1)
        found.count += 1
        if turn.intent and turn.intent != "nlu_fallback":
            found.guesses[turn.intent] += 1
    return sorted(groups.values(), key=lambda g: (-g.count, g.text.casefold()))


@dataclass
class Report:
    """Per language: the groups of each kind, and how many questions were asked."""

    not_understood: Dict[str, List[Group]]
    out_of_scope: Dict[str, List[Group]]
    uncertain: Dict[str, List[Group]]
    turns: Dict[str, int]


def build(turns: Sequence[Turn], threshold: float = DEFAULT_THRESHOLD,
          redact: Optional[Callable[[str], str]] = None, since: Optional[float] = None) -> Report:
    redact = redact or redactor()
    # Quick-reply buttons send "/intent" payloads: not a resident's own words.
    asked = [t for t in turns if t.text.strip() and not t.text.startswith("/")
             and (since is None or t.timestamp >= since)]
    report = Report({}, {}, {}, {})
    for lang in LANGUAGE_NAMES:
        mine = [t for t in asked if t.lang == lang]
        answered = [t for t in mine if not t.fallback]
        report.turns[lang] = len(mine)
        report.not_understood[lang] = group([t for t in mine if t.fallback], redact)
        report.out_of_scope[lang] = group([t for t in answered if t.intent == OUT_OF_SCOPE], redact)
        # An nlu_fallback turn that was not a fallback was routed by its words ("Saskatoon").
        report.uncertain[lang] = group([t for t in answered if t.intent not in ("nlu_fallback", OUT_OF_SCOPE)
                                        and t.confidence < threshold], redact)
    return report


def render(report: Report, threshold: float, source: str, top: int = 30) -> str:
    lines = [f"Questions the assistant could not answer, from {source}",
             "  not understood: the resident got the 'sorry, I'm not sure I understood' reply",
             "  out of scope: the resident got the 'sorry, I can't help with that question' reply",
             f"  uncertain: answered, but with a confidence below {threshold:.2f} (check the answer fits)",
             "Personal information (emails, phone, SIN and card numbers, postal codes, addresses) "
             "is redacted.", ""]
    for lang, name in LANGUAGE_NAMES.items():
        missed, outside = report.not_understood[lang], report.out_of_scope[lang]
        unsure = report.uncertain[lang]
        lines.append(f"{name}: {report.turns[lang]} question(s) asked, "
                     f"{sum(g.count for g in missed)} not understood ({len(missed)} different), "
                     f"{sum(g.count for g in outside)} out of scope ({len(outside)} different), "
                     f"{sum(g.count for g in unsure)} uncertain ({len(unsure)} different)")
        if missed:
            lines.append("  Not understood (times asked, question):")
            lines += [f"  {g.count:>5}  {g.text}" for g in missed[:top]]
        if outside:
            lines.append("  Out of scope (times asked, question):")
            lines += [f"  {g.count:>5}  {g.text}" for g in outside[:top]]
        if unsure:
            lines.append("  Uncertain (times asked, question -> understood as, mean confidence):")
            lines += [f"  {g.count:>5}  {g.text}  -> {g.guesses.most_common(1)[0][0] if g.guesses else '?'}"
                      f" ({g.confidence:.2f})" for g in unsure[:top]]
        hidden = sum(max(len(groups) - top, 0) for groups in (missed, outside, unsure))
        if hidden:
            lines.append(f"  ... and {hidden} more (use --top)")
        lines.append("")
    lines.append("To teach the assistant one of these questions, see docs/STAFF.md, "
                 "\"Add a new question the assistant should understand\".")
    return "\n".join(lines)


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, not {value!r}")
    return number


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="make report", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        help="SQLite tracker store (default: TRACKER_DB_URL if set, else the file "
                             "TRACKER_DB, else var/tracker.db)")
    parser.add_argument("--threshold", type=_threshold,
                        default=str(settings.current().report_low_confidence),  # REPORT_LOW_CONFIDENCE
                        help="turns understood with less confidence count as uncertain (default: 0.6)")
    parser.add_argument("--days", type=_positive, help="only the last N days")
    parser.add_argument("--top", type=_positive, default=30, help="questions listed per kind (default: 30)")
    args = parser.parse_args(list(argv))
    store = args.db or database.tracker_database()
    try:
        turns = read_turns(store)
    except TrackerStoreError as error:
        print(f"No report: {error}")
        return 1
    since = time.time() - args.days * 86400 if args.days else None
    print(render(build(turns, args.threshold, since=since), args.threshold, store_label(store), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
