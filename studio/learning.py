"""What residents asked that the assistant could not answer, in the studio:
`make report`'s own report (scripts/unanswered_report.py: read from the
tracker store, redacted, grouped and counted per language), so staff can
turn a group of questions into the examples of a new question."""

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from assistant import settings
from privacy import database
from scripts import unanswered_report as unanswered
from studio.settings import ROOT


@dataclass
class Learning:
    report: Optional[unanswered.Report]
    problem: Optional[str]      # why there is no report (no conversations yet...)
    threshold: float
    days: int


# Learning.problem when the assistant has recorded no conversation yet.
NO_CONVERSATIONS_YET = "no_conversations_yet"


def tracker_store() -> Union[Path, str]:
    """The assistant's own store, as `make report` finds it."""
    found = database.tracker_database()
    return found if isinstance(found, str) or found.is_absolute() else ROOT / found


def threshold() -> float:
    value = settings.current().report_low_confidence
    return value if 0.0 <= value <= 1.0 else unanswered.DEFAULT_THRESHOLD


def learn(days: int = 30, store: Optional[Union[Path, str]] = None) -> Learning:
    bar = threshold()
    store = store or tracker_store()
    if isinstance(store, Path) and not store.is_file():
        return Learning(None, NO_CONVERSATIONS_YET, bar, days)  # said in the page's language
    try:
        turns = unanswered.read_turns(store)
    except unanswered.TrackerStoreError as error:
        return Learning(None, str(error), bar, days)
    return Learning(unanswered.build(turns, bar, since=time.time() - days * 86400), None, bar, days)
