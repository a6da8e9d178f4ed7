"""The four privacy offices: contact details, hours, and whether one is open now.

Details come from assistant/data/offices.yml; labels and office names from the
message catalogs, so the same card reads naturally in English and French.
Day and time-zone names come from babel (en_CA / fr_CA); times are written the
way each language writes them (2:05 p.m.; 14 h 05, 8 h 30, 12 h). Statutory
holidays come from the `holidays` package, so no card says "open now" on one.
Cards go out by SMS too, so they keep to characters GSM-7 can carry where the
language allows: no narrow or no-break spaces, straight apostrophes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import holidays
import pytz
import yaml
from babel.dates import format_time, get_day_names, get_timezone_name

OFFICES_FILE = Path(__file__).parent / "data" / "offices.yml"

# A North American phone number as the offices' numbers are written in both
# languages: 1-800-282-1376, 1 800 282-1376, (819) 994-5444, +1 819.994.5444,
# poste 2. Messages are never split inside one (channels/formatting.py), and
# an answer may only give an office's (staff/content_check.py).
PHONE_NUMBER = (r"(?<!\w)(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}"
                r"(?:,?\s*(?:ext\.?|extension|x|poste)\s*\d{1,6})?(?!\w)")
BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}

# A message lookup: key and placeholders -> text in the reply language.
Messages = Callable[..., str]

# babel's typography, replaced by what an SMS can carry (GSM-7).
_PLAIN = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2019": "'"})


def plain(text: str) -> str:
    """babel output without narrow/no-break spaces or curly apostrophes."""
    return text.translate(_PLAIN)


def clock(moment, lang: str) -> str:
    """A time as residents read it: '2:05 p.m.' in English; in French, Quebec
    usage: '14 h 05', '8 h 30', '12 h' (no leading zero, no ':00')."""
    if lang == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    return plain(format_time(moment, "short", locale=BABEL_LOCALES[lang]))


@dataclass(frozen=True)
class Hours:
    weekdays: Tuple[int, ...]
    periods: Tuple[Tuple[time, time], ...]

    def is_open(self, local: datetime) -> bool:
        if local.weekday() not in self.weekdays:
            return False
        now = local.time()
        return any(start <= now < end for start, end in self.periods)

    def closes_at(self, local: datetime) -> Optional[time]:
        now = local.time()
        return next((end for start, end in self.periods if start <= now < end), None)


@dataclass(frozen=True)
class Office:
    id: str
    data: dict
    timezone: pytz.BaseTzInfo
    hours: Optional[Hours]
    # The office's statutory holidays; None when offices.yml names no calendar.
    holiday_calendar: Optional[holidays.HolidayBase] = field(default=None, compare=False)

    def website(self, lang: str) -> str:
        return self.data["website"][lang]

    def complaint_page(self, lang: str) -> Optional[str]:
        return (self.data.get("complaint_page") or {}).get(lang)

    def review_page(self, lang: str) -> Optional[str]:
        """Where to ask for a review of a refused access or correction request."""
        return (self.data.get("review_page") or {}).get(lang)

    def mail_address(self, lang: str) -> Optional[str]:
        """The postal address in the language's own form ('Gatineau (Québec)')."""
        address = (self.data.get("mail") or {}).get("address")
        if isinstance(address, dict):
            return address.get(lang) or address.get("en")
        return address

    def is_holiday(self, day: date) -> bool:
        return self.holiday_calendar is not None and day in self.holiday_calendar

    def phone_numbers(self) -> List[str]:
        """Every number the office table lists, for checking answers against it."""
        toll_free = self.data.get("toll_free") or {}
        numbers = [p["number"] for p in self.data.get("phones") or []]
        if toll_free.get("number"):
            numbers.insert(0, toll_free["number"])
        if toll_free.get("via_service_bc"):
            numbers.append(toll_free["via_service_bc"])
        return numbers


def _parse_hours(raw: Optional[dict]) -> Optional[Hours]:
    if not raw:
        return None
    periods = tuple(
        (time.fromisoformat(start), time.fromisoformat(end)) for start, end in raw["periods"]
    )
    return Hours(weekdays=tuple(raw["weekdays"]), periods=periods)


def _holiday_calendar(raw: Optional[dict]) -> Optional[holidays.HolidayBase]:
    if not raw:
        return None
    categories = tuple(raw.get("categories") or ("public",))
    return holidays.country_holidays(raw.get("country", "CA"), subdiv=raw.get("subdiv"),
                                     categories=categories)


def load_offices(path: Path = OFFICES_FILE) -> Dict[str, Office]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["offices"]
    return {
        office_id: Office(
            id=office_id,
            data=details,
            timezone=pytz.timezone(details["timezone"]),
            hours=_parse_hours(details.get("hours")),
            holiday_calendar=_holiday_calendar(details.get("holidays")),
        )
        for office_id, details in data.items()
    }


OFFICES = load_offices()


def public_phone_numbers() -> Tuple[str, ...]:
    """The privacy offices' public phone numbers: never redacted from a
    message, and the only numbers an answer may give."""
    return tuple(number for office in OFFICES.values() for number in office.phone_numbers())


def _checked(value: str, confirmed: bool, office: Office, lang: str, msg: Messages) -> str:
    """A detail as it should be shown: unconfirmed ones carry a caution."""
    if confirmed:
        return value
    return msg("to_confirm", value=value, website=office.website(lang))


def _format_hours(hours: Hours, lang: str, msg: Messages) -> str:
    days = get_day_names("wide", locale=BABEL_LOCALES[lang])
    first, last = days[hours.weekdays[0]], days[hours.weekdays[-1]]
    periods = msg("hours_period_joiner").join(
        msg("hours_period", start=clock(start, lang), end=clock(end, lang))
        for start, end in hours.periods
    )
    return msg("hours_days", first=first, last=last, periods=periods)


def opening_status(office: Office, lang: str, msg: Messages, now: datetime) -> Optional[str]:
    """'Open now: it is 2:05 p.m. Eastern Time...' or None when hours are unconfirmed.
    On one of the office's statutory holidays it is closed all day."""
    if office.hours is None:
        return None
    local = now.astimezone(office.timezone)
    time_now = clock(local, lang)
    zone = plain(get_timezone_name(office.timezone, "long", locale=BABEL_LOCALES[lang]))
    if office.is_holiday(local.date()):
        return msg("closed_holiday", time=time_now, zone=zone)
    closes = office.hours.closes_at(local)
    if closes is not None and office.hours.is_open(local):
        return msg("open_now", time=time_now, zone=zone, closes=clock(closes, lang))
    return msg("closed_now", time=time_now, zone=zone)


def contact_card(office: Office, lang: str, msg: Messages, now: datetime) -> str:
    """Everything a resident needs to reach an office, one line per detail."""
    data = office.data
    lines = [msg(f"office_{office.id}_name"), msg("label_website", value=office.website(lang))]
    # Offices whose numbers are not confirmed yet are listed without them.
    toll_free = data.get("toll_free") or {}
    if toll_free.get("number"):
        toll_free_text = toll_free["number"]
        if toll_free.get("via_service_bc"):
            toll_free_text = msg("via_service_bc", number=toll_free["number"],
                                 extension=toll_free["via_service_bc"])
        lines.append(msg("label_toll_free", value=_checked(toll_free_text, toll_free.get("confirmed", False),
                                                           office, lang, msg)))
    for phone in data.get("phones") or []:
        number = _checked(phone["number"], phone.get("confirmed", False), office, lang, msg)
        if phone.get("place"):
            number = msg("phone_at_place", place=phone["place"], number=number)
        lines.append(msg("label_phone", value=number))
    address = office.mail_address(lang)
    if address:
        lines.append(msg("label_mail", value=_checked(address, data["mail"].get("confirmed", False),
                                                      office, lang, msg)))
    complaint = office.complaint_page(lang)
    if complaint:
        confirmed = data["complaint_page"].get("confirmed", True)
        lines.append(msg("label_complaint",
                         value=_checked(complaint, confirmed, office, lang, msg)))
    else:
        lines.append(msg("label_complaint", value=msg("complaint_via_website")))
    review = office.review_page(lang)
    if review:
        # The CAI names its two reviews differently (public bodies, businesses).
        label = data["review_page"].get("label", "label_review")
        lines.append(msg(label, value=_checked(review, data["review_page"].get("confirmed", True),
                                               office, lang, msg)))
    if office.hours is not None:
        lines.append(msg("label_hours", value=_format_hours(office.hours, lang, msg)))
        status = opening_status(office, lang, msg, now)
        if status:
            lines.append(status)
    else:
        lines.append(msg("hours_on_website"))
    return "\n".join(lines)
