"""Serves the privacy notice from the Rasa server, so the link in the
greeting works wherever the assistant runs:

    GET /webhooks/privacy/notice/en    the English notice, as a web page
    GET /webhooks/privacy/notice/fr    the French notice

Its text is in the catalogs like every text a resident reads
(locales/<lang>/privacy_notice.yml: privacy_notice_title, _text, _language_link),
so staff edit and `make check` checks it there; it is read live and states
the retention period in force. It is listed in credentials.yml like a channel
(Rasa mounts channels' routes), but receives no messages. Deployments that
publish the notice on their own site set PRIVACY_NOTICE_URL instead
(privacy/events.py).
"""

import functools
import html
from typing import Mapping, Optional, Text

import markdown
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.catalog import Catalog
from assistant.language import SUPPORTED
from privacy import events


@functools.lru_cache(maxsize=None)
def _catalog() -> Catalog:
    return Catalog()


def page(lang: str, catalog: Optional[Catalog] = None, env: Optional[Mapping[str, str]] = None) -> str:
    """The notice in one language, as a small self-contained HTML page."""
    catalog = catalog or _catalog()
    other = next(code for code in SUPPORTED if code != lang)
    with catalog.one_turn():
        title = catalog.message(lang, "privacy_notice_title")
        other_label = catalog.message(other, "privacy_notice_language_link")
        body = catalog.message(lang, "privacy_notice_text", **events.placeholders(lang, env))
    content = markdown.markdown(body, output_format="html5")
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}</style>\n</head>\n<body>\n"
        f'<p><a href="{other}" lang="{other}">{html.escape(other_label)}</a></p>\n'
        f"<h1>{html.escape(title)}</h1>\n{content}\n</body>\n</html>\n"
    )


class PrivacyNoticeChannel(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "privacy"

    def blueprint(self, on_new_message) -> Blueprint:
        notice = Blueprint("privacy_notice", __name__)

        @notice.route("/notice/<lang>", methods=["GET"])
        async def show(request: Request, lang: str) -> HTTPResponse:
            if lang not in SUPPORTED:
                return response.redirect("en")
            return response.html(page(lang), headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Cache-Control": "no-cache",
            })

        return notice
