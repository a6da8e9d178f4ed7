// Bilingual chat widget for the biometric privacy assistant.
//
// Embedding: one <script src=".../chat-widget.js" data-server-url="..."> tag
// (see docs/EMBEDDING.md). The widget draws itself in a shadow root so the
// host site's styles cannot break it, talks to Rasa's socket.io channel, and
// keeps the conversation in sessionStorage.
//
// Safety rule for this file: message content only ever reaches the page
// through textContent / createTextNode (see render.js). No innerHTML.

import { io } from "socket.io-client";
// Every text the widget shows, from locales/<lang>/*.yml (web/catalog.mjs).
import STRINGS from "catalog:widget";
import { appendRichText, phoneHref, safeHref } from "./render.js";
import { readConfig, normalizeLanguage, LANGUAGES } from "./config.js";
import { resolveColors } from "./colors.js";
import { Store, freshState, isSessionId, newSessionId } from "./store.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
  close: "M6 6l12 12M18 6L6 18",
  send: "M4 12l16-8-6 16-2.5-6.5z",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
};

/* ------------------------------------------------------------------ */
/* small DOM helpers (no HTML parsing anywhere)                        */
/* ------------------------------------------------------------------ */

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function icon(name, className = "bpw-icon") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

function srOnly(text, lang) {
  return el("span", { class: "bpw-sr-only", lang, text });
}

/** Reads quick replies / buttons the way Rasa's socket.io channel sends them. */
function normalizeReplies(raw) {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((b) => b && typeof b === "object" && typeof b.title === "string" && b.title.trim())
    .slice(0, 12)
    .map((b) => {
      const reply = { title: b.title.trim().slice(0, 200) };
      if ((b.type === "web_url" || b.url) && typeof (b.url || b.payload) === "string") {
        const href = safeHref(b.url || b.payload);
        if (href) reply.url = href;
      }
      reply.payload = typeof b.payload === "string" ? b.payload : reply.title;
      return reply;
    });
}

/** The topic a reply answers, when residents may say whether it helped. */
function topicOf(message) {
  const marker = message.feedback;
  if (!marker || typeof marker !== "object" || typeof marker.topic !== "string") return null;
  const lang = normalizeLanguage(marker.language);
  return /^[a-z0-9_]{1,80}$/.test(marker.topic) && lang ? { topic: marker.topic, lang } : null;
}

/** The reply's language when the assistant states it, else null. */
function statedLanguage(message) {
  const candidates = [
    message.language,
    message.lang,
    message.metadata && message.metadata.language,
    message.custom && message.custom.language,
  ];
  for (const candidate of candidates) {
    const lang = normalizeLanguage(candidate);
    if (lang) return lang;
  }
  return null;
}

/* ------------------------------------------------------------------ */
/* the widget                                                          */
/* ------------------------------------------------------------------ */

class ChatWidget {
  constructor(config) {
    this.config = config;
    this.store = new Store(config.storageKey);
    this.socket = null;
    this.ready = false; // session confirmed by the server
    this.queue = []; // messages typed while not connected
    this.waitTimer = null;
    this.unreachable = false;

    const saved = this.store.load();
    this.restored = Boolean(saved);
    this.state = saved || freshState(config.language);
    // The page's language wins unless the resident picked one in the widget.
    if (!this.state.langChosen) this.state.lang = config.language;
    if (!LANGUAGES.includes(this.state.lang)) this.state.lang = config.language;
    if (saved && saved.lang !== this.state.lang && this.state.greeted) {
      this.pendingLanguageSwitch = true; // tell the assistant once connected
    }
  }

  get t() {
    return STRINGS[this.state.lang];
  }

  stringsFor(lang) {
    return STRINGS[lang] || this.t;
  }

  save() {
    this.store.save(this.state);
  }

  /* ---------------------------- building ---------------------------- */

  mount() {
    this.host = el("div", { id: "bpw-root", class: "bpw-host" });
    const colors = resolveColors(this.config.primaryColor, this.config.primaryTextColor);
    // CSSOM custom properties: allowed by a strict style-src policy.
    this.host.style.setProperty("--bpw-primary", colors.primary);
    this.host.style.setProperty("--bpw-primary-text", colors.primaryText);
    this.host.style.setProperty("--bpw-primary-on-light", colors.primaryOnLight);
    this.shadow = this.host.attachShadow({ mode: "open" });

    const stylesheet = el("link", { rel: "stylesheet", href: this.config.stylesheet });
    this.root = el("aside", { class: "bpw", "data-position": this.config.position, hidden: true });
    // Show the widget once styled (or unstyled, if the stylesheet cannot load).
    const reveal = () => {
      this.root.hidden = false;
    };
    stylesheet.addEventListener("load", reveal);
    stylesheet.addEventListener("error", reveal);
    window.setTimeout(reveal, 3000);

    this.buildLauncher();
    this.buildPanel();
    this.root.append(this.launcher, this.panel);
    this.shadow.append(stylesheet, this.root);
    document.body.append(this.host);

    this.applyChrome();
    this.renderTranscript();
    // Reopen after a reload; data-open only decides a tab's first page view.
    if (this.restored ? this.state.open : this.config.openOnLoad) this.open({ focus: false });
    return this;
  }

  buildLauncher() {
    this.launcherText = el("span", { class: "bpw-launcher__text" });
    this.launcherHint = el("span", { class: "bpw-sr-only" });
    this.launcher = el(
      "button",
      {
        type: "button",
        class: "bpw-launcher",
        "aria-expanded": "false",
        "aria-controls": "bpw-panel",
        "aria-haspopup": "dialog",
      },
      [icon("chat"), this.launcherText, this.launcherHint],
    );
    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
  }

  buildPanel() {
    this.title = el("h2", { id: "bpw-title", class: "bpw-title" });
    this.subtitle = el("p", { id: "bpw-subtitle", class: "bpw-subtitle" });

    this.closeButton = el("button", { type: "button", class: "bpw-close" }, [icon("close")]);
    this.closeButton.addEventListener("click", () => this.close());

    this.langButtons = {};
    this.langGroup = el("div", { role: "group", class: "bpw-lang" });
    for (const lang of LANGUAGES) {
      const button = el("button", { type: "button", class: "bpw-lang__button", lang, "data-lang": lang }, [
        el("span", { class: "bpw-lang__code", text: lang.toUpperCase() }),
        srOnly(` ${STRINGS[lang].language_name}`),
      ]);
      button.addEventListener("click", () => this.setLanguage(lang));
      this.langButtons[lang] = button;
      this.langGroup.append(button);
    }

    this.newButtonText = el("span");
    this.newButton = el("button", { type: "button", class: "bpw-new" }, [icon("refresh"), this.newButtonText]);
    this.newButton.addEventListener("click", () => this.newConversation());

    const header = el("div", { class: "bpw-header" }, [
      el("div", { class: "bpw-header__top" }, [
        el("div", { class: "bpw-header__titles" }, [this.title, this.subtitle]),
        this.closeButton,
      ]),
      el("div", { class: "bpw-toolbar" }, [this.langGroup, this.newButton]),
    ]);

    this.notice = el("p", { class: "bpw-notice" });
    this.messages = el("div", { class: "bpw-messages" });
    this.log = el(
      "div",
      { class: "bpw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" },
      [this.notice, this.messages],
    );

    // Live regions exist from the start; only their content changes.
    this.typing = el("div", { class: "bpw-typing", role: "status" });
    this.status = el("div", { class: "bpw-status", role: "status" });
    this.alert = el("div", { class: "bpw-alert", role: "alert" });

    this.inputLabel = el("label", { for: "bpw-input", class: "bpw-sr-only" });
    this.inputHint = el("span", { id: "bpw-input-hint", class: "bpw-sr-only" });
    this.input = el("textarea", {
      id: "bpw-input",
      class: "bpw-input",
      rows: "1",
      maxlength: "1000",
      autocomplete: "off",
      "aria-describedby": "bpw-input-hint",
    });
    this.sendText = el("span", { class: "bpw-send__text" });
    this.sendButton = el("button", { type: "submit", class: "bpw-send" }, [icon("send"), this.sendText]);
    this.form = el("form", { class: "bpw-form", novalidate: true }, [
      this.inputLabel,
      this.inputHint,
      this.input,
      this.sendButton,
    ]);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitInput();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitInput();
      }
    });
    this.input.addEventListener("input", () => this.autosize());

    this.panel = el(
      "div",
      { id: "bpw-panel", class: "bpw-panel", role: "dialog", "aria-labelledby": "bpw-title", hidden: true },
      [header, this.log, this.typing, this.status, this.alert, this.form],
    );
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
  }

  /** Writes every piece of chrome in the current language. */
  applyChrome() {
    const t = this.t;
    const lang = this.state.lang;
    this.host.setAttribute("lang", lang);
    this.root.setAttribute("lang", lang);
    this.root.setAttribute("aria-label", t.region_label);
    this.launcherText.textContent = t.launcher_text;
    this.launcherHint.textContent = ` ${t.launcher_label}`;
    this.title.textContent = this.config.titles[lang] || t.title;
    this.subtitle.textContent = t.subtitle;
    this.closeButton.setAttribute("aria-label", t.close_label);
    this.langGroup.setAttribute("aria-label", t.language_group_label);
    for (const [code, button] of Object.entries(this.langButtons)) {
      button.setAttribute("aria-pressed", String(code === lang));
      button.title = STRINGS[code].switch_to_label;
    }
    this.newButtonText.textContent = t.new_conversation;
    this.newButton.setAttribute("aria-label", t.new_conversation_label);
    this.notice.textContent = t.privacy_notice;
    this.log.setAttribute("aria-label", t.log_label);
    this.inputLabel.textContent = t.input_label;
    this.inputHint.textContent = t.input_hint;
    this.input.placeholder = t.placeholder;
    this.sendText.textContent = t.send;
    if (this.typing.firstChild) this.showTyping(true);
    if (this.alertKind) this.showAlert(this.alertKind);
    if (this.statusKind) this.setStatus(this.statusKind);
  }

  /* --------------------------- transcript --------------------------- */

  renderTranscript() {
    this.messages.replaceChildren();
    // Suggestions stay usable until the resident says something.
    let lastUser = -1;
    this.state.messages.forEach((m, i) => {
      if (m.from === "user") lastUser = i;
    });
    this.state.messages.forEach((message, index) => {
      this.messages.append(this.renderMessage(message, index > lastUser));
    });
  }

  renderMessage(message, withReplies) {
    const strings = this.stringsFor(message.lang);
    const bubble = el("div", { class: "bpw-bubble" });
    if (message.from === "user") {
      bubble.append(el("p", { class: "bpw-user-text", text: message.text }));
    } else {
      appendRichText(bubble, message.text, strings);
      if (message.image) {
        const href = safeHref(message.image);
        if (href) {
          const p = el("p");
          const link = el("a", { href, target: "_blank", rel: "noopener noreferrer", text: strings.image });
          link.append(srOnly(` ${strings.opens_in_new_tab}`));
          p.append(link);
          bubble.append(p);
        }
      }
    }
    const item = el("div", { class: `bpw-msg bpw-msg--${message.from}`, lang: message.lang }, [
      srOnly(message.from === "user" ? strings.you_said : strings.assistant_said),
      // Buttons may come without text: then there is no empty bubble.
      bubble.firstChild ? bubble : null,
    ]);
    if (withReplies && message.from === "bot" && message.quickReplies && message.quickReplies.length) {
      item.append(this.renderQuickReplies(message.quickReplies, strings));
    }
    if (message.from === "bot" && message.feedback && typeof message.feedback === "object") {
      item.append(this.renderFeedback(message, strings));
    }
    return item;
  }

  /** "Was this helpful? Yes / No" under a topic answer, or the thanks once answered. */
  renderFeedback(message, strings) {
    const box = el("div", { class: "bpw-feedback" });
    if (message.feedback.answered) {
      box.append(el("p", { class: "bpw-feedback__thanks", text: strings.feedback_thanks }));
      return box;
    }
    const group = el("div", { class: "bpw-feedback__buttons", role: "group", "aria-label": strings.feedback_question });
    for (const [helpful, key] of [
      [true, "feedback_yes"],
      [false, "feedback_no"],
    ]) {
      const button = el("button", { type: "button", class: "bpw-reply bpw-feedback__button", text: strings[key] });
      button.addEventListener("click", () => this.sendFeedback(message, helpful, box));
      group.append(button);
    }
    box.append(el("p", { class: "bpw-feedback__question", "aria-hidden": "true", text: strings.feedback_question }), group);
    return box;
  }

  /** Sends the answer (topic, language, yes/no: nothing of the conversation)
   *  and puts the thanks where the buttons were. */
  sendFeedback(message, helpful, box) {
    const strings = this.stringsFor(message.lang);
    message.feedback.answered = true;
    this.save();
    const thanks = el("p", { class: "bpw-feedback__thanks", tabindex: "-1", text: strings.feedback_thanks });
    box.replaceChildren(thanks);
    // The button that had the focus is gone: the thanks takes it, and is announced.
    thanks.focus();
    this.setStatus("feedback_thanks");
    const body = JSON.stringify({ topic: message.feedback.topic, language: message.feedback.lang, helpful });
    // text/plain: a simple request, no CORS preflight; a lost click is not worth an error.
    fetch(`${this.config.serverUrl}/webhooks/socketio/feedback`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body,
      credentials: "omit",
      keepalive: true,
    }).catch(() => {});
  }

  renderQuickReplies(replies, strings) {
    const group = el("div", { class: "bpw-replies", role: "group", "aria-label": strings.quick_replies_label });
    for (const reply of replies) {
      if (reply.url) {
        const link = el("a", {
          class: "bpw-reply",
          href: reply.url,
          target: "_blank",
          rel: "noopener noreferrer",
          text: reply.title,
        });
        link.append(srOnly(` ${strings.opens_in_new_tab}`));
        group.append(link);
        continue;
      }
      const button = el("button", { type: "button", class: "bpw-reply", text: reply.title });
      button.addEventListener("click", () => {
        this.sendUserMessage(reply.title, reply.payload);
        this.input.focus();
      });
      group.append(button);
    }
    return group;
  }

  addMessage(message) {
    if (message.from === "user") {
      // Once the resident has answered, earlier suggestions no longer apply.
      this.messages.querySelectorAll(".bpw-replies").forEach((group) => group.remove());
    }
    this.state.messages.push(message);
    if (this.state.messages.length > 200) {
      this.state.messages.splice(0, this.state.messages.length - 200);
      if (this.messages.firstElementChild) this.messages.firstElementChild.remove();
    }
    this.save();
    this.messages.append(this.renderMessage(message, true));
    this.scrollToEnd();
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /* ----------------------------- status ----------------------------- */

  showTyping(on) {
    this.typing.replaceChildren();
    if (!on) return;
    const dots = el("span", { class: "bpw-typing__dots", "aria-hidden": "true" }, [
      el("span"),
      el("span"),
      el("span"),
    ]);
    this.typing.append(el("span", { class: "bpw-typing__bubble" }, [dots, srOnly(this.t.typing)]));
  }

  /** Short notes under the conversation; all but "connecting" fade out. */
  setStatus(kind) {
    this.statusKind = kind;
    this.status.replaceChildren();
    window.clearTimeout(this.statusTimer);
    if (!kind) return;
    this.status.append(el("p", { text: this.t[kind] }));
    if (kind !== "connecting") {
      this.statusTimer = window.setTimeout(() => this.statusKind === kind && this.setStatus(null), 6000);
    }
  }

  /** kind: "unreachable" (server down) or "no_answer" (no reply in time). */
  showAlert(kind) {
    this.alertKind = kind;
    const t = this.t;
    this.alert.replaceChildren();
    if (!kind) return;
    const phone = el("a", { href: phoneHref(t.phone_number), class: "bpw-phone", "aria-label": t.phone_label, text: t.phone_number });
    const retry = el("button", { type: "button", class: "bpw-retry" }, [icon("refresh"), el("span", { text: t.retry })]);
    retry.addEventListener("click", () => this.retry());
    const lines = [];
    if (kind === "unreachable") lines.push(el("p", { class: "bpw-alert__title", text: t.unreachable_title }));
    lines.push(el("p", {}, [document.createTextNode(`${kind === "unreachable" ? t.unreachable_body : t.no_answer} `), phone]));
    if (kind === "unreachable" && this.queue.some((q) => q.shown)) lines.push(el("p", { text: t.queued }));
    this.alert.append(el("div", { class: "bpw-alert__box" }, [...lines, retry]));
  }

  /* ---------------------------- open/close --------------------------- */

  get isOpen() {
    return !this.panel.hidden;
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.root.classList.add("bpw--open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.state.open = true;
    this.save();
    this.connect();
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.root.classList.remove("bpw--open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.state.open = false;
    this.save();
    this.launcher.focus();
  }

  autosize() {
    // CSSOM writes are allowed by a strict Content-Security-Policy.
    this.input.style.height = "auto";
    this.input.style.height = `${this.input.scrollHeight}px`; // CSS max-height caps it
  }

  /* ---------------------------- connection -------------------------- */

  connect() {
    if (this.socket) return;
    this.setStatus("connecting");
    const socket = io(this.config.serverUrl, {
      path: this.config.socketPath,
      // WebSocket first (one connection, no polling requests); long-polling
      // is the fallback for networks that block WebSockets.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 10000,
      forceNew: true,
    });
    this.socket = socket;

    socket.on("connect", () => {
      this.ready = false;
      socket.emit("session_request", { session_id: this.state.sessionId });
    });

    socket.on("session_confirm", (data) => {
      const id = typeof data === "string" ? data : data && data.session_id;
      if (id && id !== this.state.sessionId) {
        // The server issues the id (ours was a placeholder or has expired).
        if (!isSessionId(String(id))) return;
        this.state.sessionId = String(id);
        this.save();
      }
      this.ready = true;
      const wasDown = this.unreachable;
      this.unreachable = false;
      if (this.alertKind === "unreachable") this.showAlert(null);
      if (wasDown) this.setStatus("reconnected");
      else if (this.statusKind === "connecting") this.setStatus(null);
      this.afterSessionConfirmed();
    });

    socket.on("bot_uttered", (data) => this.receive(data));

    // The resident erased the conversation: nothing of it may stay in this
    // browser (a shared or library computer), and the next message starts a
    // new conversation under the new id the server gives.
    socket.on("conversation_erased", (data) => this.forgetConversation(data && data.session_id));

    socket.on("connect_error", () => this.markUnreachable());

    socket.on("disconnect", (reason) => {
      this.ready = false;
      if (reason === "io client disconnect") return;
      if (reason === "io server disconnect") socket.connect();
      this.setStatus("connecting");
    });
  }

  markUnreachable() {
    this.ready = false;
    this.unreachable = true;
    this.stopWaiting();
    if (this.statusKind === "connecting") this.setStatus(null);
    // Shown once, not at every reconnection attempt (it is an alert:
    // screen readers would read it out again each time).
    if (this.alertKind !== "unreachable") this.showAlert("unreachable");
  }

  retry() {
    this.showAlert(null);
    // The button that had the focus is gone: give it to the question box.
    this.input.focus();
    if (this.ready) return; // connected; the last answer never came: ask again
    this.setStatus("connecting");
    if (!this.socket) {
      this.connect();
      return;
    }
    this.socket.disconnect();
    this.socket.connect();
  }

  afterSessionConfirmed() {
    if (!this.state.greeted && this.config.initPayload) {
      this.state.greeted = true;
      this.save();
      this.emitUserMessage(this.config.initPayload);
    } else if (this.pendingLanguageSwitch) {
      this.emitUserMessage(this.switchPayload(this.state.lang));
    }
    this.pendingLanguageSwitch = false;
    const queued = this.queue.splice(0);
    for (const item of queued) this.emitUserMessage(item.message, item.shown);
  }

  switchPayload(lang) {
    return `/switch_language{"language": "${lang}"}`;
  }

  /** Sends text (or a /payload) to the assistant, queueing while offline.
   *  `shown`: the resident sees this message in the transcript. */
  emitUserMessage(message, shown = false) {
    if (!this.ready || !this.socket) {
      const first = shown && !this.queue.some((q) => q.shown);
      this.queue.push({ message, shown });
      if (!this.socket) this.connect();
      // Add the "will be sent later" note to the alert, once.
      if (this.unreachable && first) this.showAlert("unreachable");
      return;
    }
    this.socket.emit("user_uttered", {
      message,
      session_id: this.state.sessionId,
      metadata: { language: this.state.lang },
    });
    this.startWaiting();
  }

  startWaiting() {
    this.showTyping(true);
    window.clearTimeout(this.waitTimer);
    this.waitTimer = window.setTimeout(() => {
      this.showTyping(false);
      if (this.ready) this.showAlert("no_answer");
    }, this.config.responseTimeoutMs);
  }

  stopWaiting() {
    window.clearTimeout(this.waitTimer);
    this.waitTimer = null;
    this.showTyping(false);
  }

  receive(data) {
    if (!data || typeof data !== "object") return;
    const text = typeof data.text === "string" ? data.text.slice(0, 10000) : "";
    const quickReplies = normalizeReplies(data.quick_replies || data.buttons);
    const attachment = data.attachment;
    const image =
      attachment && attachment.type === "image" && attachment.payload && typeof attachment.payload.src === "string"
        ? attachment.payload.src
        : null;
    if (!text && !quickReplies.length && !image) return;

    this.stopWaiting();
    if (this.alertKind === "no_answer") this.showAlert(null);
    const message = { from: "bot", text, lang: statedLanguage(data) || this.state.lang };
    if (quickReplies.length) message.quickReplies = quickReplies;
    const feedback = topicOf(data);
    if (feedback) message.feedback = feedback;
    if (image) message.image = image;
    this.addMessage(message);
  }

  /* ----------------------------- actions ---------------------------- */

  submitInput() {
    const text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.autosize();
    this.sendUserMessage(text, text);
  }

  /** Shows `shown` as the resident's message and sends `payload`. */
  sendUserMessage(shown, payload) {
    if (this.alertKind === "no_answer") this.showAlert(null);
    this.addMessage({ from: "user", text: shown, lang: this.state.lang });
    this.emitUserMessage(payload, true);
  }

  setLanguage(lang) {
    if (!LANGUAGES.includes(lang)) return;
    this.state.langChosen = true;
    if (lang === this.state.lang) {
      this.save();
      return;
    }
    this.state.lang = lang;
    this.save();
    this.applyChrome();
    this.setStatus("language_switched");
    if (this.state.greeted) this.emitUserMessage(this.switchPayload(lang));
  }

  /** Clears the stored transcript and id, keeping on screen only the
   *  assistant's confirmation that the conversation was deleted. */
  forgetConversation(nextId) {
    const confirmation = this.state.messages.filter((m) => m.from === "bot").slice(-1);
    this.store.clear();
    const fresh = freshState(this.state.lang);
    fresh.langChosen = this.state.langChosen;
    fresh.open = this.state.open;
    fresh.greeted = true; // the new conversation needs no second greeting
    if (isSessionId(String(nextId || ""))) fresh.sessionId = String(nextId);
    fresh.messages = confirmation;
    this.state = fresh;
    this.save();
    this.renderTranscript();
  }

  newConversation() {
    this.stopWaiting();
    this.showAlert(null);
    this.queue = [];
    this.state.sessionId = newSessionId();
    this.state.messages = [];
    this.state.greeted = false;
    this.save();
    this.renderTranscript();
    this.setStatus("new_conversation_started");
    if (this.socket) {
      // A fresh connection joins only the new conversation's room.
      this.ready = false;
      this.socket.disconnect();
      this.socket.connect();
    } else {
      this.connect();
    }
    this.input.focus();
  }
}

/* ------------------------------------------------------------------ */
/* boot                                                                */
/* ------------------------------------------------------------------ */

(function boot() {
  if (window.BiometricPrivacyChat) return; // loaded twice: keep the first
  const script =
    document.currentScript || document.querySelector("script[data-server-url][src*='chat-widget']");
  const config = readConfig(script);
  let widget = null;
  const start = () => {
    if (!widget) widget = new ChatWidget(config).mount();
  };
  const api = {
    open: () => widget && widget.open(),
    close: () => widget && widget.isOpen && widget.close(),
    setLanguage: (lang) => widget && widget.setLanguage(normalizeLanguage(lang)),
    newConversation: () => widget && widget.newConversation(),
  };
  Object.defineProperty(window, "BiometricPrivacyChat", { value: Object.freeze(api) });
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
