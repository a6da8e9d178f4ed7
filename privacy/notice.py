"""Serves the privacy notice (docs/PRIVACY_NOTICE.md) from the Rasa server,
so the link in the greeting works wherever the assistant runs:

    GET /webhooks/privacy/notice/en    the English section, as a web page
    GET /webhooks/privacy/notice/fr    the French section

It is listed in credentials.yml like a channel (Rasa mounts channels'
routes), but receives no messages. Deployments that publish the notice on
their own site set PRIVACY_NOTICE_URL instead (privacy/turns.py).
"""

import html
import re
from pathlib import Path
from typing import Dict, Optional, Text

import markdown
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

NOTICE_FILE = Path(__file__).resolve().parent.parent / "docs" / "PRIVACY_NOTICE.md"
# The notice has one "## " section per language, headed by these titles.
SECTION_TITLES = {"en": "English", "fr": "Français"}
_TITLES = {"en": "Privacy notice", "fr": "Avis de confidentialité"}
_OTHER = {"en": ("fr", "Version française"), "fr": ("en", "English version")}


def sections(text: str) -> Dict[str, str]:
    """The notice's language sections, by language code."""
    found: Dict[str, str] = {}
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.MULTILINE)
    for title, body in zip(parts[1::2], parts[2::2]):
        for code, name in SECTION_TITLES.items():
            if title.strip() == name:
                found[code] = body.strip()
    return found


def page(lang: str, text: Optional[str] = None) -> str:
    """The notice in one language, as a small self-contained HTML page."""
    text = NOTICE_FILE.read_text(encoding="utf-8") if text is None else text
    body = sections(text).get(lang, "")
    other, other_label = _OTHER[lang]
    content = markdown.markdown(body, output_format="html5")
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(_TITLES[lang])}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}</style>\n</head>\n<body>\n"
        f'<p><a href="{other}" lang="{other}">{html.escape(other_label)}</a></p>\n'
        f"<h1>{html.escape(_TITLES[lang])}</h1>\n{content}\n</body>\n</html>\n"
    )


class PrivacyNoticeChannel(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "privacy"

    def blueprint(self, on_new_message) -> Blueprint:
        notice = Blueprint("privacy_notice", __name__)

        @notice.route("/notice/<lang>", methods=["GET"])
        async def show(request: Request, lang: str) -> HTTPResponse:
            if lang not in SECTION_TITLES:
                return response.redirect("en")
            return response.html(page(lang), headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Cache-Control": "no-cache",
            })

        return notice
