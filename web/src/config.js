// Reads the widget's options from the data- attributes of its <script> tag.
// docs/EMBEDDING.md lists them; keep both in step.

export const LANGUAGES = ["en", "fr"];

/** "fr-CA" -> "fr"; anything that is not French -> "en". */
export function normalizeLanguage(value) {
  const primary = String(value || "").trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(primary) ? primary : null;
}

function attr(script, name) {
  if (!script) return null;
  const value = script.getAttribute(`data-${name}`);
  return value === null ? null : value.trim();
}

/** Resolves `url` against the page; only http(s) URLs are accepted. */
function absoluteHttpUrl(url, fallback) {
  try {
    const parsed = new URL(url, window.location.href);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed;
  } catch (_) {
    // fall through
  }
  return fallback;
}

function positiveNumber(value, fallback) {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

export function readConfig(script) {
  const pageUrl = new URL(window.location.href);
  const scriptUrl = script && script.src ? absoluteHttpUrl(script.src, pageUrl) : pageUrl;

  const serverAttr = attr(script, "server-url");
  const server = serverAttr ? absoluteHttpUrl(serverAttr, null) : null;
  if (serverAttr && !server) {
    console.warn("[chat widget] data-server-url must be an http(s) URL; using this site instead.");
  }
  const serverUrl = (server || new URL(pageUrl.origin)).origin;

  let socketPath = attr(script, "socket-path") || "/socket.io/";
  if (!socketPath.startsWith("/")) socketPath = `/${socketPath}`;

  // The stylesheet sits next to the script: /widget/chat-widget.js -> .css
  const stylesheet =
    attr(script, "stylesheet") ||
    new URL(scriptUrl.pathname.replace(/\.js$/, ".css"), scriptUrl).href;

  const initPayload = attr(script, "init-payload");

  return {
    serverUrl,
    socketPath,
    stylesheet,
    language:
      normalizeLanguage(attr(script, "language")) ||
      normalizeLanguage(document.documentElement.lang) ||
      "en",
    titles: {
      en: attr(script, "title-en") || attr(script, "title") || null,
      fr: attr(script, "title-fr") || attr(script, "title") || null,
    },
    primaryColor: attr(script, "primary-color"),
    primaryTextColor: attr(script, "primary-text-color"),
    position: attr(script, "position") === "left" ? "left" : "right",
    initPayload: initPayload === null ? "/greet" : initPayload,
    openOnLoad: attr(script, "open") === "true",
    storageKey: attr(script, "storage-key") || "bpw",
    responseTimeoutMs: positiveNumber(attr(script, "response-timeout"), 30) * 1000,
  };
}
