"""Residents' "Was this helpful?" in the studio: the counts per topic and
language, and per week, read from the feedback store (assistant/feedback.py),
with the bars of a small chart drawn on the server (SVG, no script)."""

from dataclasses import dataclass
from typing import List, Optional

from assistant import feedback

# The chart's drawing area, in SVG units.
CHART_WIDTH = 640
CHART_HEIGHT = 180


@dataclass
class Bar:
    week: str
    x: float
    width: float
    helpful_y: float
    helpful_height: float
    not_helpful_y: float
    not_helpful_height: float
    count: feedback.Count


@dataclass
class Report:
    summary: feedback.Summary
    bars: List[Bar]
    total: int


def bars(summary: feedback.Summary) -> List[Bar]:
    """One stacked bar per week (both languages): helpful below, not helpful above."""
    weeks = list(summary.by_week.items())
    totals = [feedback.Count(sum(c.helpful for c in by_lang.values()), sum(c.not_helpful for c in by_lang.values()))
              for _, by_lang in weeks]
    tallest = max([count.total for count in totals] + [1])
    slot = CHART_WIDTH / max(len(weeks), 1)
    drawn = []
    for index, ((week, _), count) in enumerate(zip(weeks, totals)):
        helpful = CHART_HEIGHT * count.helpful / tallest
        not_helpful = CHART_HEIGHT * count.not_helpful / tallest
        drawn.append(Bar(week, round(index * slot + slot * 0.15, 1), round(slot * 0.7, 1),
                         round(CHART_HEIGHT - helpful, 1), round(helpful, 1),
                         round(CHART_HEIGHT - helpful - not_helpful, 1), round(not_helpful, 1), count))
    return drawn


def report(weeks: int = 12, store: Optional[feedback.Store] = None) -> Report:
    summary = feedback.summarize((store or feedback.Store()).rows(), weeks)
    return Report(summary, bars(summary), sum(count.total for count in summary.by_topic.values()))
