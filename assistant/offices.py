"""The four privacy offices: contact details, hours, and whether one is open now.

Details come from assistant/data/offices.yml; labels and office names from the
message catalogs, so the same card reads naturally in English and French.
Dates, times and time-zone names are formatted with babel for en_CA / fr_CA.
"""

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import pytz
import yaml
from babel.dates import format_time, get_day_names, get_timezone_name

OFFICES_FILE = Path(__file__).parent / "data" / "offices.yml"
BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}

# A message lookup: key and placeholders -> text in the reply language.
Messages = Callable[..., str]


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

    def website(self, lang: str) -> str:
        return self.data["website"][lang]

    def complaint_page(self, lang: str) -> Optional[str]:
        return (self.data.get("complaint_page") or {}).get(lang)

    def phone_numbers(self) -> List[str]:
        """Every number the office table lists, for checking answers against it."""
        toll_free = self.data.get("toll_free")
        numbers = [p["number"] for p in self.data.get("phones") or []]
        if toll_free:
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


def load_offices(path: Path = OFFICES_FILE) -> Dict[str, Office]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["offices"]
    return {
        office_id: Office(
            id=office_id,
            data=details,
            timezone=pytz.timezone(details["timezone"]),
            hours=_parse_hours(details.get("hours")),
        )
        for office_id, details in data.items()
    }


OFFICES = load_offices()


def _checked(value: str, confirmed: bool, office: Office, lang: str, msg: Messages) -> str:
    """A detail as it should be shown: unconfirmed ones carry a caution."""
    if confirmed:
        return value
    return msg("to_confirm", value=value, website=office.website(lang))


def _format_hours(hours: Hours, lang: str, msg: Messages) -> str:
    locale = BABEL_LOCALES[lang]
    days = get_day_names("wide", locale=locale)
    first, last = days[hours.weekdays[0]], days[hours.weekdays[-1]]
    periods = msg("hours_period_joiner").join(
        msg(
            "hours_period",
            start=format_time(start, "short", locale=locale),
            end=format_time(end, "short", locale=locale),
        )
        for start, end in hours.periods
    )
    return msg("hours_days", first=first, last=last, periods=periods)


def opening_status(office: Office, lang: str, msg: Messages, now: datetime) -> Optional[str]:
    """'Open now: it is 2:05 p.m. Eastern Time...' or None when hours are unconfirmed."""
    if office.hours is None:
        return None
    locale = BABEL_LOCALES[lang]
    local = now.astimezone(office.timezone)
    clock = format_time(local, "short", locale=locale)
    zone = get_timezone_name(office.timezone, "long", locale=locale)
    closes = office.hours.closes_at(local)
    if closes is not None and office.hours.is_open(local):
        return msg("open_now", time=clock, zone=zone,
                   closes=format_time(closes, "short", locale=locale))
    return msg("closed_now", time=clock, zone=zone)


def contact_card(office: Office, lang: str, msg: Messages, now: datetime) -> str:
    """Everything a resident needs to reach an office, one line per detail.
    Offices listed by name and website only get those two lines and a
    pointer to the website."""
    data = office.data
    lines = [msg(f"office_{office.id}_name"), msg("label_website", value=office.website(lang))]
    if "toll_free" not in data:
        lines.append(msg("contact_via_website"))
        return "\n".join(lines)
    toll_free = data["toll_free"]
    toll_free_text = toll_free["number"]
    if toll_free.get("via_service_bc"):
        toll_free_text = msg("via_service_bc", number=toll_free["number"],
                             extension=toll_free["via_service_bc"])
    lines.append(msg("label_toll_free",
                     value=_checked(toll_free_text, toll_free["confirmed"], office, lang, msg)))
    for phone in data["phones"]:
        number = _checked(phone["number"], phone["confirmed"], office, lang, msg)
        if phone.get("place"):
            number = msg("phone_at_place", place=phone["place"], number=number)
        lines.append(msg("label_phone", value=number))
    mail = data["mail"]
    lines.append(msg("label_mail",
                     value=_checked(mail["address"], mail["confirmed"], office, lang, msg)))
    complaint = office.complaint_page(lang)
    if complaint:
        confirmed = data["complaint_page"].get("confirmed", True)
        lines.append(msg("label_complaint",
                         value=_checked(complaint, confirmed, office, lang, msg)))
    else:
        lines.append(msg("label_complaint", value=msg("complaint_via_website")))
    if office.hours is not None:
        lines.append(msg("label_hours", value=_format_hours(office.hours, lang, msg)))
        lines.append(opening_status(office, lang, msg, now))
    else:
        lines.append(msg("hours_on_website"))
    return "\n".join(lines)
