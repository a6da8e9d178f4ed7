// Keeps the conversation for this browser tab only (sessionStorage): a reload
// keeps it, closing the tab forgets it. Nothing goes to localStorage or
// cookies. When storage is blocked the widget still works, in memory.
//
// The conversation id is a secret the server issues (letters, digits, - _ and
// the "." before its signature); the one made here is only a placeholder that
// the server replaces with its own in session_confirm.

const VERSION = 1;
const MAX_MESSAGES = 200;

function newSessionId() {
  const bytes = new Uint8Array(16);
  if (window.crypto && window.crypto.getRandomValues) {
    window.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The shape of a conversation id the server issues. */
export function isSessionId(id) {
  return typeof id === "string" && /^[A-Za-z0-9_.-]{8,128}$/.test(id);
}

function storage() {
  try {
    const s = window.sessionStorage;
    const probe = "__bpw_probe__";
    s.setItem(probe, probe);
    s.removeItem(probe);
    return s;
  } catch (_) {
    return null;
  }
}

function isMessage(m) {
  return (
    m &&
    typeof m === "object" &&
    (m.from === "user" || m.from === "bot") &&
    typeof m.text === "string" &&
    typeof m.lang === "string"
  );
}

export function freshState(lang) {
  return {
    v: VERSION,
    sessionId: newSessionId(),
    lang,
    langChosen: false,
    open: false,
    greeted: false,
    messages: [],
  };
}

export class Store {
  constructor(key) {
    this.key = `${key}:state`;
    this.backend = storage();
  }

  /** Returns the saved state, or null when there is none (or it is unusable). */
  load() {
    if (!this.backend) return null;
    try {
      const raw = this.backend.getItem(this.key);
      if (!raw) return null;
      const state = JSON.parse(raw);
      if (
        !state ||
        state.v !== VERSION ||
        typeof state.sessionId !== "string" ||
        !isSessionId(state.sessionId) ||
        !Array.isArray(state.messages)
      ) {
        return null;
      }
      state.messages = state.messages.filter(isMessage);
      return state;
    } catch (_) {
      return null;
    }
  }

  /** Forgets the saved conversation (after the resident erased it). */
  clear() {
    if (!this.backend) return;
    try {
      this.backend.removeItem(this.key);
    } catch (_) {
      // nothing saved, or storage blocked: nothing to forget
    }
  }

  save(state) {
    if (!this.backend) return;
    const copy = { ...state, messages: state.messages.slice(-MAX_MESSAGES) };
    try {
      this.backend.setItem(this.key, JSON.stringify(copy));
    } catch (_) {
      // Quota exceeded: keep fewer messages rather than none.
      try {
        copy.messages = copy.messages.slice(-20);
        this.backend.setItem(this.key, JSON.stringify(copy));
      } catch (__) {
        // give up quietly; the conversation still works in memory
      }
    }
  }
}

export { newSessionId };
