"""The pages where staff change one text, the same for an answer
(/<lang>/answers/<key>) and a short message (/<lang>/messages/<key>): the
form with its check as staff type and its preview, saving (or proposing,
when a publisher must approve), approval, the history and restore; and the
list of short messages by group. What differs between the two is a `Kind`:
how a text is read, drafted from the form, checked, previewed and written.
"""

import asyncio
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional
from urllib.parse import quote

from sanic import Sanic, response
from sanic.request import Request

from assistant.catalog import Catalog
from assistant.language import SUPPORTED
from staff import translations
from studio import accounts as studio_accounts
from studio import approval, editing, history, messages, preview, review
from studio.drafts import Drafts
from studio.editing import AnswerPair, TextPair
from studio.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    """One kind of text staff edit."""

    section: str             # "answers" or "messages": the catalog section, and the pages' address
    template: str            # the edit page
    title: str               # the studio's words for the page title, with {key}
    not_found: str           # ... and for a key that does not exist
    read: Callable[[Settings, str], Optional[TextPair]]               # as published, checked; None if no such key
    draft_from_form: Callable[[TextPair, Mapping[str, str]], TextPair]
    check: Callable[[Settings, TextPair, TextPair], TextPair]          # (draft, as published) -> the draft, checked
    # (draft, as published, translation checked) -> the files changed; raises editing.Refused, writing nothing
    write: Callable[[Settings, TextPair, TextPair, bool], List[Path]]
    preview: Callable[[Settings, TextPair, str], List[preview.Preview]]  # the replies in one language
    fields: tuple            # what a proposal keeps of each language's entry
    # The page's own values: (text shown, as published, as a publisher would approve it, page language) ->
    extra: Callable[[Settings, TextPair, TextPair, Optional[TextPair], str], Dict[str, Any]]

    def unit(self, key: str) -> str:
        """What names the text in a proposal and at the start of its commits' messages: 'greet'
        for an answer (so proposals kept before short messages existed still match), 'messages.fallback'."""
        return key if self.section == "answers" else f"{self.section}.{key}"


def _answer_extra(settings: Settings, pair: TextPair, current: TextPair, proposed: Optional[TextPair],
                  lang: str) -> Dict[str, Any]:
    """What each button asks, in the page's language, and the button titles a proposal changes."""
    assert isinstance(pair, AnswerPair) and isinstance(current, AnswerPair)
    payloads = [b.get("payload") for code in SUPPORTED for b in pair.buttons(code)]
    return {"asked": editing.asked_by_buttons(settings.locales_dir, settings.repo, lang, payloads),
            "proposed_buttons": {code: editing.button_changes(current, proposed, code) for code in SUPPORTED}
            if isinstance(proposed, AnswerPair) else None}


ANSWERS = Kind(
    "answers", "answer.html", "answer_title", "not_found",
    read=lambda settings, key: editing.read_pair(settings.locales_dir, key, settings.repo),
    draft_from_form=editing.draft_from_form,
    check=lambda settings, draft, current: editing.check_draft(draft, settings.locales_dir, settings.repo),
    write=lambda settings, draft, current, checked: editing.write_pair(
        draft, settings.locales_dir, settings.repo, editing.EDITED_FIELDS, checked),
    preview=lambda settings, pair, lang: [shown for shown in [preview.preview(
        settings.locales_dir, pair.key, pair.entries, lang)] if shown],
    fields=editing.EDITED_FIELDS,
    extra=_answer_extra)

MESSAGES = Kind(
    "messages", "short_message.html", "message_title", "message_not_found",
    read=lambda settings, key: messages.read_pair(settings.locales_dir, key, settings.repo),
    draft_from_form=messages.draft_from_form,
    check=lambda settings, draft, current: messages.check_draft(
        draft, current, settings.locales_dir, settings.repo),
    write=lambda settings, draft, current, checked: messages.write_pair(
        draft, current, settings.locales_dir, settings.repo, checked),
    # Only a message that can be filled in is shown as residents would get it.
    preview=lambda settings, pair, lang: [] if pair.blocking else preview.message_preview(
        settings.locales_dir, pair.key, {code: pair.text(code) for code in SUPPORTED if pair.entries[code]}, lang),
    fields=("text",),
    extra=lambda settings, pair, current, proposed, lang: {})


@dataclass(frozen=True)
class Studio:
    """What these pages share with the rest of the studio (studio.web)."""

    settings: Settings
    page: Callable[..., Any]                 # (request, lang, template, status=..., **values) -> the HTML response
    t: Callable[..., str]                    # (lang, text key, **values) -> the studio's words
    signed_in: Callable                      # a route's decorator: signed in, CSRF checked
    current_account: Callable[[Request], Optional[studio_accounts.Account]]
    needs_approval: Callable[[studio_accounts.Account], bool]
    publisher_only: Callable[[Request, str], Any]
    proposals: approval.Proposals
    saving: asyncio.Lock                     # one change at a time: each save is a write and a commit
    catalog: Catalog                         # the widget's own words, for the preview
    drafts: Drafts                           # forms sent as a sign-in expired, for after signing in again


# An edit page's address: where a form sent as the sign-in expired is kept for afterwards.
_EDIT_PAGE = re.compile(r"/[a-z]{2}/(answers|messages)/[^/]+")


def is_edit_page(path: str) -> bool:
    return bool(_EDIT_PAGE.fullmatch(path))


def publish(settings: Settings, kind: Kind, draft: TextPair, current: TextPair, translation_checked: bool,
            message: str, account: studio_accounts.Account, author: Optional[str] = None) -> Optional[str]:
    """Writes the draft (after its check) and commits it as `account`: the new
    commit's id, or None when nothing changed. Raises editing.Refused,
    writing nothing; if git refuses, the files are put back as they were."""
    paths = [settings.repo / draft.files[lang] for lang in SUPPORTED]
    paths += [translations.state_path(settings.locales_dir, lang) for lang in SUPPORTED]
    return history.write_and_commit(settings.repo, paths, lambda: kind.write(settings, draft, current, translation_checked),
                                    message, account.name, account.email, author)


def add_routes(app: Sanic, studio: Studio) -> None:
    """The edit pages of answers and short messages, and the list of short messages."""
    for kind in (ANSWERS, MESSAGES):
        _add_edit_routes(app, studio, kind)
    _add_message_list(app, studio)


def _add_message_list(app: Sanic, studio: Studio) -> None:
    settings = studio.settings

    @app.get("/<lang>/messages", name="message_list")
    @studio.signed_in
    async def message_list(request: Request, lang: str):
        found = await asyncio.to_thread(messages.groups, settings.locales_dir)
        return studio.page(request, lang, "short_messages.html", title=studio.t(lang, "messages_title"),
                           groups=found, kind=MESSAGES, waiting={p.key for p in studio.proposals.all()})


def _add_edit_routes(app: Sanic, studio: Studio, kind: Kind) -> None:
    settings, t, page = studio.settings, studio.t, studio.page
    path = f"/<lang>/{kind.section}/<key>"

    def address(lang: str, key: str) -> str:
        return f"/{lang}/{kind.section}/{quote(key)}"

    async def read(key: str) -> Optional[TextPair]:
        """The text as published, read off the event loop; None if there is none."""
        return await asyncio.to_thread(kind.read, settings, key)

    def not_found(request: Request, lang: str):
        return page(request, lang, "message.html", status=404, title=t(lang, "not_found_title"),
                    text=t(lang, kind.not_found))

    def edit_page(request: Request, lang: str, pair: TextPair, current: TextPair, status: int = 200,
                  notice: Optional[str] = None, message: str = "", checked: bool = False):
        """The form with `pair` (as published, or the staff member's draft) in it."""
        waiting = studio.proposals.get(kind.unit(pair.key))
        proposed = waiting.draft(current) if waiting else None
        account = studio.current_account(request)
        return page(request, lang, kind.template, status=status, title=t(lang, kind.title, key=pair.key),
                    kind=kind, pair=pair, notice=notice, message=message, checked=checked,
                    previews={code: kind.preview(settings, pair, code) for code in SUPPORTED},
                    change=review.change_since_review(settings.repo, settings.locales_dir, pair),
                    waiting=waiting, may_approve=account is not None and account.role == "publisher",
                    proposed={code: review.word_diff(current.text(code).rstrip("\n"), proposed.text(code).rstrip("\n"))
                              for code in SUPPORTED} if proposed else None,
                    opens_in_new_tab={code: studio.catalog.message(code, "widget_opens_in_new_tab")
                                      for code in SUPPORTED},
                    **kind.extra(settings, pair, current, proposed, lang))

    async def published(draft: TextPair, current: TextPair, translation_checked: bool, message: str,
                        account: studio_accounts.Account, author: Optional[str] = None) -> Optional[str]:
        """publish(), one change at a time, off the event loop; raises editing.Refused."""
        async with studio.saving:
            return await asyncio.to_thread(publish, settings, kind, draft, current, translation_checked,
                                           f"{kind.unit(draft.key)}: {message}", account, author)

    def saved(request: Request, lang: str, key: str, commit_id: Optional[str], flash: str, **values: str):
        request.ctx.session["flash"] = ("nothing_changed", {}) if commit_id is None else \
            (flash, {**values, "commit": commit_id[:7]})
        return response.redirect(address(lang, key))

    @app.get(path, name=f"{kind.section}_view")
    @studio.signed_in
    async def view(request: Request, lang: str, key: str):
        current = await read(key)
        if current is None:
            return not_found(request, lang)
        token = request.ctx.session.get("draft")
        form = studio.drafts.take(token, request.path[3:]) if token else None
        if form is not None:
            # Sent as the sign-in expired: back in the form, checked, not saved.
            request.ctx.session.pop("draft")
            draft = kind.draft_from_form(current, form)
            await asyncio.to_thread(kind.check, settings, draft, current)
            return edit_page(request, lang, draft, current, notice=t(lang, "draft_restored"),
                             message=" ".join(str(form.get("message", "")).split()),
                             checked=bool(form.get("translation_checked")))
        return edit_page(request, lang, current, current)

    @app.post(path, name=f"{kind.section}_save")
    @studio.signed_in
    async def save(request: Request, lang: str, key: str):
        account = studio.current_account(request)
        assert account is not None
        current = await read(key)
        if current is None:
            return not_found(request, lang)
        form = {name: request.form.get(name, "") for name in request.form}
        draft = kind.draft_from_form(current, form)
        message = " ".join(str(form.get("message", "")).split())
        translation_checked = bool(form.get("translation_checked"))
        if form.get("action") != "save" or studio.needs_approval(account):
            await asyncio.to_thread(kind.check, settings, draft, current)
        if form.get("action") != "save":
            return edit_page(request, lang, draft, current, message=message, checked=translation_checked)
        if studio.needs_approval(account):
            if draft.blocking:
                return edit_page(request, lang, draft, current, status=422, notice=t(lang, "refused"),
                                 message=message, checked=translation_checked)
            studio.proposals.put(approval.proposal_from(draft, translation_checked, message, account.name,
                                                        account.email, kind.unit(key), kind.fields))
            logger.info("change to %s proposed by %s", kind.unit(key), account.name)
            request.ctx.session["flash"] = ("proposed", {})
            return response.redirect(address(lang, key))
        try:
            commit_id = await published(draft, current, translation_checked, message or "edited in the studio",
                                        account)
        except editing.Refused:
            logger.info("save refused for %s by %s: %d problem(s)", kind.unit(key), account.name, len(draft.blocking))
            return edit_page(request, lang, draft, current, status=422, notice=t(lang, "refused"),
                             message=message, checked=translation_checked)
        if commit_id:
            logger.info("saved %s by %s as %s", kind.unit(key), account.name, commit_id[:7])
        return saved(request, lang, key, commit_id, "saved")

    @app.post(f"{path}/approve", name=f"{kind.section}_approve")
    @studio.signed_in
    async def approve(request: Request, lang: str, key: str):
        account = studio.current_account(request)
        assert account is not None
        if account.role != "publisher":
            return studio.publisher_only(request, lang)
        current = await read(key)
        waiting = studio.proposals.get(kind.unit(key))
        if current is None or waiting is None:
            return not_found(request, lang)
        draft = waiting.draft(current)
        try:
            commit_id = await published(draft, current, waiting.translation_checked,
                                        f"{waiting.message or 'edited in the studio'} (approved by {account.name})",
                                        account, f"{waiting.author} <{waiting.email}>")
        except editing.Refused:
            return edit_page(request, lang, draft, current, status=422, notice=t(lang, "refused"))
        studio.proposals.remove(kind.unit(key))
        logger.info("change to %s by %s approved by %s", kind.unit(key), waiting.author, account.name)
        request.ctx.session["flash"] = ("approved", {"commit": (commit_id or "")[:7]})
        return response.redirect(address(lang, key))

    @app.post(f"{path}/reject", name=f"{kind.section}_reject")
    @studio.signed_in
    async def reject(request: Request, lang: str, key: str):
        account = studio.current_account(request)
        if account is None or account.role != "publisher":
            return studio.publisher_only(request, lang)
        if studio.proposals.remove(kind.unit(key)):
            logger.info("change to %s rejected by %s", kind.unit(key), account.name)
            request.ctx.session["flash"] = ("rejected", {})
        return response.redirect(address(lang, key))

    @app.post(f"{path}/check", name=f"{kind.section}_check")
    @studio.signed_in
    async def check(request: Request, lang: str, key: str):
        """The check of the form as it is, for the page to show while staff type."""
        current = await read(key)
        if current is None:
            return response.json({"error": "not found"}, status=404)
        draft = kind.draft_from_form(current, {name: request.form.get(name, "") for name in request.form})
        await asyncio.to_thread(kind.check, settings, draft, current)
        count = len(draft.blocking)
        return response.json({
            "summary": t(lang, "live_problems", count=count) if count else t(lang, "live_ok"),
            "problems": [problem.text(lang) for problem in draft.blocking]})

    async def versions(current: TextPair) -> List[history.Version]:
        return await asyncio.to_thread(history.versions, settings.repo, current.key, current.files,
                                       section=kind.section)

    @app.get(f"{path}/history", name=f"{kind.section}_history")
    @studio.signed_in
    async def history_page(request: Request, lang: str, key: str):
        current = await read(key)
        if current is None:
            return not_found(request, lang)
        return page(request, lang, "history.html", title=t(lang, "history_title", key=key), kind=kind,
                    pair=current, versions=await versions(current), notice=None)

    @app.post(f"{path}/restore", name=f"{kind.section}_restore")
    @studio.signed_in
    async def restore(request: Request, lang: str, key: str):
        account = studio.current_account(request)
        assert account is not None
        if studio.needs_approval(account):
            return studio.publisher_only(request, lang)
        current = await read(key)
        if current is None:
            return not_found(request, lang)
        version = await asyncio.to_thread(history.version_at, settings.repo, key, current.files,
                                          str(request.form.get("commit", "")), kind.section)
        if version is None or not all(version.entries.values()):
            return not_found(request, lang)
        draft = replace(current, entries={code: {**current.entries[code], **version.entries[code]}
                                          for code in SUPPORTED}, problems=[])
        when = version.when.strftime("%Y-%m-%d %H:%M")
        try:
            commit_id = await published(draft, current, False,
                                        f"restore the version of {when} by {version.author} ({version.short})", account)
        except editing.Refused:
            return page(request, lang, "history.html", status=422, title=t(lang, "history_title", key=key),
                        kind=kind, pair=draft, versions=await versions(current), notice=t(lang, "restore_refused"))
        if commit_id:
            logger.info("restored %s to %s by %s as %s", kind.unit(key), version.short, account.name, commit_id[:7])
        return saved(request, lang, key, commit_id, "restored", when=when)
