"""The studio's web pages: sign-in, the answers in both languages, new
questions and retraining, residents' questions and feedback. The edit pages
of answers and short messages (form, check, preview, approval, history and
restore) are in studio.edit_pages.

Server-rendered HTML (Jinja2), in English under /en/ and French under /fr/;
the only script enhances the preview and is not needed to work. Sessions
are signed cookies (HttpOnly, SameSite=Strict) carrying a CSRF token that
every form sends back. Staff sign in with a studio account, or through the
organization's provider when single sign-on is set (studio/sso.py).
"""

import asyncio
import hmac
import logging
import secrets
import time
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, Dict, Optional
from urllib.parse import quote

import jinja2
import yaml
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sanic import Sanic, response
from sanic.request import Request

from assistant.catalog import Catalog, CatalogError
from assistant.language import SUPPORTED
from assistant.language import other as other_language
from studio import accounts as studio_accounts
from studio import approval, catalog_files, drafts, edit_pages, editing, history, intents, learning, sso, training
from studio import feedback as resident_feedback
from studio.settings import CALLBACK_PATH, ROOT, Settings

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "studio_session"
# The browser keeps the session cookie this long after the session ends, so
# that a form sent just after can still be told from a forged one (by its
# CSRF token) and its draft kept for after signing in again.
EXPIRED_GRACE_SECONDS = 24 * 3600
# The widget's own renderer (links, lists, bold), so the preview is what residents see.
WIDGET_RENDERER = ROOT / "web" / "src" / "render.js"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def ui_texts() -> Dict[str, Dict[str, str]]:
    return {lang: yaml.safe_load((HERE / "locales" / f"{lang}.yml").read_text(encoding="utf-8"))
            for lang in SUPPORTED}


def create_app(settings: Settings, name: str = "studio") -> Sanic:
    app = Sanic(name)
    app.config.FALLBACK_ERROR_FORMAT = "text"
    texts = ui_texts()
    accounts = studio_accounts.from_settings(settings)
    signon = sso.from_settings(settings)  # None: studio accounts only
    signer = URLSafeTimedSerializer(settings.secret_key, salt="studio-session")
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                   autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                   undefined=jinja2.StrictUndefined)
    # One change at a time: each save is a write and a commit.
    saving = asyncio.Lock()
    retraining = training.Training(settings.repo, ROOT / "var" / "studio-training.log", settings.model)
    proposals = approval.Proposals(settings.proposals_file)
    # The widget's own words (locales/<lang>/widget.yml), for the preview.
    catalog = Catalog(settings.locales_dir)
    unsaved = drafts.Drafts()

    def needs_approval(account: studio_accounts.Account) -> bool:
        return settings.require_approval and account.role != "publisher"

    def t(lang: str, text_key: str, /, **params: Any) -> str:
        text = texts[lang][text_key]
        for name_, value in params.items():
            text = text.replace("{" + name_ + "}", str(value))
        return text

    # ----- sessions ------------------------------------------------------------

    def session_of(request: Request) -> Dict[str, Any]:
        raw = request.cookies.get(SESSION_COOKIE)
        if raw:
            try:
                data = signer.loads(raw, max_age=settings.session_hours * 3600)
                if isinstance(data, dict) and data.get("csrf"):
                    # A sign-in lasts session_hours from the moment of signing in, however busy.
                    if data.get("user") and time.time() - float(data.get("since", 0)) > settings.session_hours * 3600:
                        data.pop("user")
                    return data
            except SignatureExpired as expired:
                # Signed by us but too old: signed out, its CSRF token still
                # vouches for a form sent from its pages (signed_in keeps the draft).
                old = signer.load_payload(expired.payload) if expired.payload is not None else None
                if isinstance(old, dict) and old.get("csrf"):
                    return {"csrf": old["csrf"]}
            except BadSignature:
                pass
        return {"csrf": secrets.token_urlsafe(32)}

    def set_cookie(resp, name: str, value: str, seconds: int, same_site: str = "Strict", path: str = "/"):
        resp.cookies[name] = value
        cookie = resp.cookies[name]
        cookie["httponly"] = True
        cookie["samesite"] = same_site
        cookie["path"] = path
        cookie["max-age"] = seconds
        if settings.secure_cookies:
            cookie["secure"] = True
        return resp

    def with_session(resp, session: Dict[str, Any]):
        return set_cookie(resp, SESSION_COOKIE, signer.dumps(session),
                          settings.session_hours * 3600 + EXPIRED_GRACE_SECONDS)

    def new_session(**signed_in: Any) -> Dict[str, Any]:
        """A new session (and CSRF token) at each sign-in."""
        return {"csrf": secrets.token_urlsafe(32), "since": time.time(), **signed_in}

    def current_account(request: Request) -> Optional[studio_accounts.Account]:
        session = request.ctx.session
        if "sso" in session:
            return sso.account_in(session) if signon else None
        name = session.get("user")
        return accounts.get(name) if name and settings.local_passwords else None

    def csrf_ok(request: Request) -> bool:
        sent = str(request.form.get("csrf", "")) if request.form else ""
        return bool(sent) and hmac.compare_digest(sent, request.ctx.session["csrf"])

    @app.on_request
    async def load_session(request: Request):
        request.ctx.session = session_of(request)

    @app.on_response
    async def secure(request: Request, resp):
        for header, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(header, value)
        session = getattr(request.ctx, "session", None)
        if session is not None and SESSION_COOKIE not in resp.cookies:
            with_session(resp, session)

    # ----- pages ---------------------------------------------------------------

    def page(request: Request, lang: str, template: str, status: int = 200, **values: Any):
        account = current_account(request)
        flash = request.ctx.session.pop("flash", None)
        path = request.path
        other = other_language(lang)
        body = templates.get_template(template).render(
            lang=lang, other=other, other_path=f"/{other}{path[3:]}" + (f"?{request.query_string}"
                                                                          if request.query_string else ""),
            t=lambda text_key, /, **p: t(lang, text_key, **p), account=account, csrf=request.ctx.session["csrf"],
            flash=t(lang, flash[0], **flash[1]) if flash else None, languages=SUPPORTED,
            language_names={"en": t(lang, "english"), "fr": t(lang, "french")},
            # Inside a sentence or a label: "Texte (anglais)" in French.
            language_words={code: t(lang, name) if lang == "en" else t(lang, name).lower()
                            for code, name in (("en", "english"), ("fr", "french"))}, **values)
        return response.html(body, status=status)

    def not_found(request: Request, lang: str):
        return page(request, lang, "message.html", status=404, title=t(lang, "not_found_title"),
                    text=t(lang, "not_found"))

    def language(handler):
        """Routes under /en/ and /fr/ only; anything else is not found."""
        @wraps(handler)
        async def checked(request: Request, lang: str, *args, **kwargs):
            if lang not in SUPPORTED:
                return response.text("Not found", status=404)
            return await handler(request, lang, *args, **kwargs)
        return checked

    def signed_in(handler):
        @wraps(handler)
        async def checked(request: Request, lang: str, *args, **kwargs):
            if lang not in SUPPORTED:
                return response.text("Not found", status=404)
            if current_account(request) is None:
                if request.method == "POST" and edit_pages.is_edit_page(request.path) and csrf_ok(request):
                    # The sign-in expired as they saved: say so, and keep the draft for afterwards.
                    form = {name: str(request.form.get(name, "")) for name in request.form
                            if name not in ("csrf", "action")}
                    request.ctx.session["draft"] = unsaved.put(request.path[3:], form)
                    return signin_page(request, lang, request.path, 401,
                                       notice=t(lang, "session_expired_not_saved"))
                return response.redirect(f"/{lang}/signin?next={quote(request.path)}")
            if request.method == "POST" and not csrf_ok(request):
                return page(request, lang, "message.html", status=403, title=t(lang, "forbidden_title"),
                            text=t(lang, "form_expired"))
            return await handler(request, lang, *args, **kwargs)
        return checked

    @app.get("/")
    async def home(request: Request):
        return response.redirect(f"/{_browser_language(request)}/")

    @app.get("/favicon.ico")
    async def no_icon(request: Request):
        return response.empty()

    @app.get("/health")
    async def health(request: Request):
        return response.json({"status": "ok"})

    @app.get("/static/render.js")
    async def widget_renderer(request: Request):
        return await response.file(WIDGET_RENDERER, mime_type="text/javascript")

    app.static("/static", str(HERE / "static"), name="studio_static")

    def signin_page(request: Request, lang: str, next_path: str, status: int = 200, error: Optional[str] = None,
                    name: str = "", notice: Optional[str] = None):
        return page(request, lang, "signin.html", status=status, title=t(lang, "sign_in_title"), error=error,
                    name=name, next_path=next_path, sso=signon is not None, local_passwords=settings.local_passwords,
                    notice=notice)

    def sso_refused_page(request: Request, lang: str, next_path: str, kind: str):
        """The sign-in page saying why single sign-on refused (sso.REFUSALS)."""
        return signin_page(request, lang, next_path, sso.REFUSALS[kind], t(lang, f"sso_{kind}"))

    @app.get("/<lang>/signin")
    @language
    async def signin_form(request: Request, lang: str):
        next_path = _safe_next(request.args.get("next"), lang)
        refused = str(request.args.get("sso_error", ""))  # set by the single sign-on callback below
        if refused in sso.REFUSALS:
            return sso_refused_page(request, lang, next_path, refused)
        return signin_page(request, lang, next_path)

    @app.post("/<lang>/signin")
    @language
    async def signin(request: Request, lang: str):
        name = str(request.form.get("name", "")).strip()
        next_path = _safe_next(request.form.get("next"), lang)
        if not settings.local_passwords:
            return signin_page(request, lang, next_path, 403, t(lang, "sso_only"))
        if not csrf_ok(request):
            return signin_page(request, lang, next_path, 403, t(lang, "form_expired"), name)
        outcome, account = await asyncio.to_thread(accounts.sign_in, name, str(request.form.get("password", "")))
        if outcome is studio_accounts.SignIn.OK and account:
            logger.info("signed in: %s", account.name)
            draft = request.ctx.session.get("draft")  # kept when the last sign-in expired on Save
            request.ctx.session = new_session(user=account.name, **({"draft": draft} if draft else {}))
            return response.redirect(next_path)
        if outcome is studio_accounts.SignIn.LOCKED:
            logger.warning("sign-in refused, account locked: %s", name)
            error = t(lang, "locked", minutes=settings.lockout_minutes)
        else:
            logger.warning("sign-in failed for the name %r", name)
            error = t(lang, "wrong_password", max=settings.max_failures, minutes=settings.lockout_minutes)
        return signin_page(request, lang, next_path, 401, error, name)

    @app.post("/<lang>/signout")
    @signed_in
    async def signout(request: Request, lang: str):
        request.ctx.session = {"csrf": secrets.token_urlsafe(32), "flash": ("signed_out", {})}
        return response.redirect(f"/{lang}/signin")

    # ----- single sign-on (studio/sso.py) ------------------------------------

    def attempt_cookie(resp, value: str, seconds: int):
        # SameSite=Lax: the browser sends it back on the provider's redirect,
        # a link from another site, on which it withholds the session cookie.
        return set_cookie(resp, sso.COOKIE, value, seconds, same_site="Lax", path=sso.COOKIE_PATH)

    @app.get("/<lang>/sso")
    @language
    async def sso_start(request: Request, lang: str):
        if signon is None:
            return not_found(request, lang)
        next_path = _safe_next(request.args.get("next"), lang)
        try:
            url, attempt = await signon.start(lang, next_path)
        except sso.Refused as refused:
            logger.warning("single sign-on refused, %s", refused)
            return sso_refused_page(request, lang, next_path, refused.kind)
        return attempt_cookie(response.redirect(url), attempt, sso.ATTEMPT_SECONDS)

    @app.get(CALLBACK_PATH)
    async def sso_callback(request: Request):
        if signon is None:
            return response.text("Not found", status=404)
        attempt = signon.attempt(request.cookies.get(sso.COOKIE))
        lang = attempt.lang if attempt else _browser_language(request)
        try:
            account = await signon.finish(attempt, {name: str(request.args.get(name)) for name in request.args})
        except sso.Refused as refused:
            logger.warning("single sign-on refused, %s", refused)
            session, target = None, f"/{lang}/signin?sso_error={refused.kind}"
        else:
            assert attempt is not None  # finish refuses a callback without one
            logger.info("signed in: %s (single sign-on)", account.name)
            session, target = new_session(**sso.session_fields(account)), attempt.next_path
        # A page of the studio's own opens the next one, so that the browser
        # sends the session cookie (SameSite=Strict) it withholds on a redirect
        # that started on the provider's site.
        body = templates.get_template("continue.html").render(lang=lang, target=target,
                                                              t=lambda text_key: t(lang, text_key))
        request.ctx.session = session  # None: the browser keeps the session it had
        return attempt_cookie(response.html(body), "", 0)

    @app.get("/<lang>/")
    @signed_in
    async def answer_list(request: Request, lang: str):
        broken: list = []  # a file that cannot be read is named, and the rest still listed
        pairs = await asyncio.to_thread(editing.all_pairs, settings.locales_dir, broken)
        return page(request, lang, "answers.html", title=t(lang, "answers_title"), pairs=pairs,
                    waiting={proposal.key for proposal in proposals.all()},
                    broken=[catalog_files.broken(settings.repo, error) for error in broken])

    # ----- a whole catalog file's history, to undo an edit that broke it ----

    @app.get("/<lang>/files/history")
    @signed_in
    async def file_history(request: Request, lang: str):
        name = str(request.args.get("file", ""))
        path = catalog_files.known(settings.repo, settings.locales_dir, name)
        if path is None:
            return not_found(request, lang)
        problem = await asyncio.to_thread(catalog_files.problem, path)
        return page(request, lang, "file_history.html", title=t(lang, "file_history_title", file=name), file=name,
                    versions=await asyncio.to_thread(catalog_files.versions, settings.repo, name),
                    broken=[catalog_files.broken(settings.repo, problem)] if problem else [])

    @app.post("/<lang>/files/restore")
    @signed_in
    async def file_restore(request: Request, lang: str):
        account = current_account(request)
        assert account is not None
        if needs_approval(account):
            return publisher_only(request, lang)
        name = str(request.form.get("file", ""))
        path = catalog_files.known(settings.repo, settings.locales_dir, name)
        if path is None:
            return not_found(request, lang)
        commit_id = str(request.form.get("commit", ""))
        async with saving:
            try:
                restored, version = await asyncio.to_thread(catalog_files.restore, settings.repo, path, commit_id,
                                                            account.name, account.email)
            except LookupError:
                return not_found(request, lang)
        logger.info("restored %s to %s by %s as %s", name, version.short, account.name, (restored or "")[:7])
        request.ctx.session["flash"] = ("nothing_changed", {}) if restored is None else \
            ("file_restored", {"file": name, "when": version.when.strftime("%Y-%m-%d %H:%M"), "commit": restored[:7]})
        return response.redirect(f"/{lang}/files/history?file={quote(name)}")

    def publisher_only(request: Request, lang: str):
        return page(request, lang, "message.html", status=403, title=t(lang, "forbidden_title"),
                    text=t(lang, "publisher_only"))

    # The edit pages of answers and short messages, and the list of short messages.
    edit_pages.add_routes(app, edit_pages.Studio(
        settings=settings, page=page, t=t, signed_in=signed_in, current_account=current_account,
        needs_approval=needs_approval, publisher_only=publisher_only, proposals=proposals, saving=saving,
        catalog=catalog, drafts=unsaved))

    # ----- a new question (intent) and retraining ---------------------------

    def question_page(request: Request, lang: str, intent: Optional[intents.NewIntent] = None,
                      status: int = 200, notice: Optional[str] = None, output: str = "", checked: bool = False):
        today = date.today().isoformat()
        intent = intent or intents.NewIntent("", "", {code: [] for code in SUPPORTED},
                                             {code: {"text": "", "sources": [], "reviewed": today}
                                              for code in SUPPORTED})
        return page(request, lang, "question.html", status=status, title=t(lang, "question_title"),
                    intent=intent, topics=intents.topics(settings.repo), minimum=intents.min_examples(),
                    notice=notice, output=output, checked=checked)

    @app.get("/<lang>/questions/new")
    @signed_in
    async def question_form(request: Request, lang: str):
        # From the residents' questions page: chosen questions become the first examples.
        chosen = {code: [str(text) for text in request.args.getlist(f"examples_{code}", [])] for code in SUPPORTED}
        intent = None
        if any(chosen.values()):
            intent = intents.NewIntent("", "", chosen, {code: {"text": "", "sources": [], "reviewed":
                                                               date.today().isoformat()} for code in SUPPORTED})
        return question_page(request, lang, intent)

    @app.get("/<lang>/residents")
    @signed_in
    async def residents(request: Request, lang: str):
        days = str(request.args.get("days", "30"))
        found = await asyncio.to_thread(learning.learn, int(days) if days.isdigit() and 0 < int(days) < 3660 else 30)
        return page(request, lang, "residents.html", title=t(lang, "residents_title"), found=found)

    @app.get("/<lang>/feedback")
    @signed_in
    async def feedback_page(request: Request, lang: str):
        weeks = str(request.args.get("weeks", "12"))
        found = await asyncio.to_thread(resident_feedback.report,
                                        int(weeks) if weeks.isdigit() and 0 < int(weeks) <= 104 else 12)
        return page(request, lang, "feedback.html", title=t(lang, "feedback_title"), found=found,
                    topic_name=lambda key: catalog.message(lang, f"topic_{key}"),
                    chart=(resident_feedback.CHART_WIDTH, resident_feedback.CHART_HEIGHT))

    @app.post("/<lang>/questions/new")
    @signed_in
    async def question_add(request: Request, lang: str):
        account = current_account(request)
        assert account is not None
        if needs_approval(account):
            return publisher_only(request, lang)
        form = {name: request.form.get(name, "") for name in request.form}
        intent = intents.from_form(form)
        checked = bool(form.get("translation_checked"))
        async with saving:
            try:
                written = await asyncio.to_thread(intents.add, settings.repo, intent, checked)
            except intents.Refused as refused:
                intent.problems = refused.problems
                return question_page(request, lang, intent, status=422, notice=t(lang, "question_refused"),
                                     output=refused.output, checked=checked)
            message = " ".join(str(form.get("message", "")).split()) or "new question from the studio"
            commit_id = await asyncio.to_thread(history.commit, settings.repo, written,
                                                f"{intent.name}: {message}", account.name, account.email)
        logger.info("new intent %s by %s as %s", intent.name, account.name, (commit_id or "")[:7])
        request.ctx.session["flash"] = ("question_added", {"name": intent.name, "commit": (commit_id or "")[:7]})
        return response.redirect(f"/{lang}/training")

    @app.get("/<lang>/training")
    @signed_in
    async def training_status(request: Request, lang: str):
        return page(request, lang, "training.html", title=t(lang, "training_title"),
                    progress=retraining.progress())

    @app.get("/<lang>/training.json")
    @signed_in
    async def training_json(request: Request, lang: str):
        progress = retraining.progress()
        return response.json({"state": progress.state, "percent": progress.percent})

    @app.post("/<lang>/training")
    @signed_in
    async def training_start(request: Request, lang: str):
        account = current_account(request)
        if await asyncio.to_thread(retraining.start):
            logger.info("retraining started by %s", account.name if account else "?")
        return response.redirect(f"/{lang}/training")

    @app.listener("before_server_stop")
    async def stop_training(app_, loop):
        retraining.stop()

    @app.exception(Exception)
    async def failure(request: Request, error: Exception):
        from sanic.exceptions import SanicException
        if isinstance(error, SanicException) and getattr(error, "status_code", 500) < 500:
            return response.text(str(error), status=error.status_code)
        if isinstance(error, CatalogError):
            # Edited outside the studio and broken: say which file, as make check does.
            logger.error("catalog cannot be read: %s", error)
            lang = request.path[1:3] if request.path[1:3] in SUPPORTED else "en"
            if error.path is not None:
                # Named with its line, and the way to undo the edit from the studio.
                return page(request, lang, "broken.html", status=503, title=t(lang, "catalog_error_title"),
                            broken=[catalog_files.broken(settings.repo, error)])
            return page(request, lang, "message.html", status=503, title=t(lang, "catalog_error_title"),
                        text=t(lang, "catalog_error", error=str(error).replace(str(settings.repo) + "/", "")))
        logger.exception("studio error on %s", request.path)
        lang = request.path[1:3] if request.path[1:3] in SUPPORTED else "en"
        if not hasattr(request.ctx, "session"):
            request.ctx.session = session_of(request)
        return page(request, lang, "message.html", status=500, title=t(lang, "error_title"), text=t(lang, "error"))

    app.ctx.texts = texts
    app.ctx.today = date.today
    return app


def _safe_next(value: Optional[str], lang: str) -> str:
    """Where to go after signing in: a path of this studio only."""
    value = str(value or "")
    # Browsers drop tabs and line breaks from addresses: "/\t/site" would be "//site".
    if value.startswith("/") and not value.startswith("//") and "\\" not in value \
            and not any(char.isspace() or ord(char) < 32 for char in value):
        # The language chosen on the sign-in page is the one to continue in.
        other = other_language(lang)
        return f"/{lang}/{value[4:]}" if value.startswith(f"/{other}/") else value
    return f"/{lang}/"


def _browser_language(request: Request) -> str:
    """The studio's language the browser prefers: French if it asks for it first, else English."""
    return "fr" if request.headers.get("accept-language", "").lower().startswith("fr") else "en"
