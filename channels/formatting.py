"""How a reply looks on each messaging app: plain functions, no Rasa.

- Long answers are split under the platform's message limit, preferably
  between paragraphs, then lines, then sentences, then words, and never
  inside a link, an e-mail address or a phone number.
- Quick replies become numbered options where the platform has no buttons
  (SMS, WhatsApp): "1. Alberta"; typing "1" then picks that option.
- Slack and Teams get their own markup (Slack mrkdwn, Teams HTML), measured
  after rendering so the rendered message stays under the limit.
"""

import html
import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from assistant.offices import PHONE_NUMBER

# Longest message each platform accepts, in characters.
LIMITS = {
    # Bot API sendMessage: 1-4096 characters.
    "telegram": 4096,
    # Send API: text messages up to 2000 characters.
    "facebook": 2000,
    # A Block Kit section's text holds at most 3000 characters.
    "slack": 3000,
    # Twilio refuses bodies over 1600 characters (SMS and WhatsApp).
    "twilio": 1600,
    # Teams refuses messages over 40 KB counted in UTF-16 (two bytes a
    # character), card markup included: 12000 characters leaves ample room.
    "botframework": 12000,
}

# Telegram refuses inline buttons whose callback data exceeds 64 bytes.
TELEGRAM_CALLBACK_BYTES = 64
# Messenger cuts quick-reply titles after 20 characters.
MESSENGER_TITLE_CHARS = 20
# Slack button labels hold at most 75 characters.
SLACK_BUTTON_CHARS = 75
# Slack shows at most 25 elements in one actions block.
SLACK_MAX_BUTTONS = 25
# Messenger shows at most 13 quick replies.
MESSENGER_MAX_QUICK_REPLIES = 13

Measure = Callable[[str], int]

# Spans a split must never cut through.
_URL = r"https?://[^\s<>\"]+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PROTECTED = re.compile("|".join((_URL, _EMAIL, PHONE_NUMBER)), re.IGNORECASE)

# Break opportunities, best first: between paragraphs, between lines, after a
# sentence, between words.
_BREAKS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"(?<=[.!?:;»)])\s+"),
    re.compile(r"\s+"),
)
# A break this early in the window makes a needlessly short message; a
# weaker break further on is preferred.
_MIN_FILL = 0.5


def protected_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every link, e-mail address and phone number."""
    return [match.span() for match in _PROTECTED.finditer(text)]


def _inside(position: int, spans: Sequence[Tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _fitting_length(text: str, limit: int, measure: Measure) -> int:
    """The longest prefix length whose rendering fits the limit."""
    if measure is len:
        return min(limit, len(text))
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut(text: str, limit: int, measure: Measure) -> Tuple[int, int]:
    """Where the first message ends, and where the rest starts."""
    window = _fitting_length(text, limit, measure)
    spans = protected_spans(text)
    latest: Optional[Tuple[int, int]] = None
    for pattern in _BREAKS:
        last = None
        for match in pattern.finditer(text, 0, window + 1):
            end = match.start()
            if 0 < end <= window and not _inside(end, spans):
                last = (end, match.end())
        if last is None:
            continue
        if last[0] >= window * _MIN_FILL:
            return last
        if latest is None or last[0] > latest[0]:
            latest = last
    if latest is not None:
        return latest
    # No break at all in the window: stop before a link or number that
    # crosses the limit; only a single word longer than the limit is cut.
    for start, end in spans:
        if 0 < start < window < end:
            return start, start
    return max(window, 1), max(window, 1)


def split_message(text: str, limit: int, measure: Measure = len) -> List[str]:
    """`text` as messages that each fit `limit` (as counted by `measure`)."""
    rest = text.strip()
    parts = []
    while rest and measure(rest) > limit:
        end, resume = _cut(rest, limit, measure)
        head = rest[:end].rstrip()
        if head:
            parts.append(head)
        rest = rest[resume:].lstrip()
    if rest:
        parts.append(rest)
    return parts


# ----- Quick replies as numbered options -----

def numbered_options(titles: Sequence[str], start: int = 1) -> str:
    """'1. British Columbia', one option a line."""
    return "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=start))


def with_numbered_options(text: str, buttons: Sequence[Dict[str, str]], hint: str,
                          start: int = 1) -> str:
    """The reply followed by its options and how to pick one (numbered from
    `start`: "Was this helpful?" continues after the answer's own options)."""
    options = numbered_options([button["title"] for button in buttons], start)
    return f"{text.rstrip()}\n\n{options}\n\n{hint}".strip()


# Options are numbered 1 to 99 at most.
MAX_OPTIONS = 99
_CHOICE = re.compile(r"^\s*(?:#|n°|no\.?)?\s*(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)


def chosen_option(text: Optional[str], count: int) -> Optional[int]:
    """The 0-based option a reply like '2' or '2.' picks, if it picks one."""
    match = _CHOICE.match(text or "")
    if not match:
        return None
    number = int(match.group(1))
    return number - 1 if 1 <= number <= count else None


def short_title(title: str, max_chars: int) -> str:
    """A button label the platform will not cut: shortened at a word, with '…'."""
    title = " ".join(title.split())
    if len(title) <= max_chars:
        return title
    room = title[: max_chars - 1]
    if " " in room:
        room = room[: room.rindex(" ")]
    return room.rstrip(" ,;:-") + "…"


def fits_telegram_button(payload: str) -> bool:
    return 0 < len(payload.encode("utf-8")) <= TELEGRAM_CALLBACK_BYTES


# ----- Platform markup -----

def slack_mrkdwn(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as markup; everything else reads as is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_measure(text: str) -> int:
    return len(slack_mrkdwn(text))


_URL_ONLY = re.compile(_URL)


def teams_html(text: str) -> str:
    """Teams' HTML: escaped text, clickable links and explicit line breaks.

    Teams renders the same markup in plain messages and in cards, where
    Markdown is not supported.
    """
    pieces, last = [], 0
    for match in _URL_ONLY.finditer(text):
        url = match.group(0).rstrip(".,;:)»")
        end = match.start() + len(url)
        pieces.append(html.escape(text[last:match.start()], quote=False))
        pieces.append(f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>')
        last = end
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces).replace("\n", "<br>")


def teams_measure(text: str) -> int:
    return len(teams_html(text))
