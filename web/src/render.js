// Turns assistant text into DOM nodes without ever parsing it as HTML.
//
// Supported, because the assistant's answers use them:
//   - line breaks (a single "\n"), blank lines between paragraphs,
//   - "- ", "* " or "• " bullet lines, and "1. " / "1) " numbered lines,
//   - http(s) URLs and "www." addresses, [label](https://…) links,
//     e-mail addresses and North American phone numbers (1-800-282-1376),
//   - **bold** text.
// Everything else is shown exactly as text: every node is created with
// document.createElement / createTextNode, so "<script>" or an "onerror"
// attribute in a message stays plain characters.

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;

// One pass over a line finds, in order of precedence:
//   1: [label](url)   4: bare URL   5: e-mail   6: phone number
const INLINE = new RegExp(
  [
    String.raw`\[([^\]\n]{1,300})\]\(((?:https?:\/\/|mailto:|tel:)[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\)`,
    String.raw`((?:https?:\/\/|www\.)[^\s<>"*]+)`,
    String.raw`([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})`,
    String.raw`((?:1[-. ])?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-]))`,
  ].join("|"),
  "g",
);

const TRAILING_PUNCTUATION = /[.,;:!?»«"'’]+$/;

/** Drops punctuation that ends a sentence rather than the URL, and an
 *  unbalanced closing parenthesis, e.g. "(see https://example.ca/page)." */
function trimUrl(candidate) {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, "");
    if (url.endsWith(")")) {
      const opens = (url.match(/\(/g) || []).length;
      const closes = (url.match(/\)/g) || []).length;
      if (closes > opens) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** Returns a safe absolute href, or null when the scheme is not allowed. */
export function safeHref(candidate) {
  let text = candidate.trim();
  if (/^www\./i.test(text)) text = `https://${text}`;
  let parsed;
  try {
    parsed = new URL(text);
  } catch (_) {
    return null;
  }
  if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    return parsed.host ? parsed.href : null;
  }
  if (parsed.protocol === "mailto:" || parsed.protocol === "tel:") {
    return parsed.href;
  }
  return null;
}

/** "1-800-282-1376" -> "tel:+18002821376"; null when it is not a phone number. */
export function phoneHref(text) {
  const digits = text.replace(/\D/g, "");
  if (digits.length === 10) return `tel:+1${digits}`;
  if (digits.length === 11 && digits[0] === "1") return `tel:+${digits}`;
  return null;
}

function makeLink(href, label, strings) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  if (/^https?:/i.test(href)) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const hint = document.createElement("span");
    hint.className = "bpw-sr-only";
    hint.textContent = ` ${strings.opens_in_new_tab}`;
    a.append(hint);
  }
  return a;
}

/** Appends text with **bold** runs as <strong>. */
function appendEmphasis(parent, text) {
  const parts = text.split(/\*\*([^*\n]+)\*\*/);
  parts.forEach((part, index) => {
    if (!part) return;
    if (index % 2 === 1) {
      const strong = document.createElement("strong");
      strong.textContent = part;
      parent.append(strong);
    } else {
      parent.append(document.createTextNode(part));
    }
  });
}

/** Appends one line of text, turning addresses into links. */
export function appendInline(parent, line, strings) {
  let last = 0;
  INLINE.lastIndex = 0;
  for (let match = INLINE.exec(line); match; match = INLINE.exec(line)) {
    const start = match.index;
    let raw = match[0];
    let node = null;
    if (match[1] !== undefined) {
      const href = safeHref(match[2]);
      if (href) node = makeLink(href, match[1], strings);
    } else if (match[3] !== undefined) {
      raw = trimUrl(match[3]);
      const href = safeHref(raw);
      if (href) node = makeLink(href, raw, strings);
    } else if (match[4] !== undefined) {
      node = makeLink(`mailto:${match[4]}`, match[4], strings);
    } else if (match[5] !== undefined) {
      // A number glued to a word or a longer number is not a phone number.
      const glued = start > 0 && /[\w-]/.test(line[start - 1]);
      const href = glued ? null : phoneHref(match[5]);
      if (href) node = makeLink(href, match[5], strings);
    }
    if (!node) continue;
    appendEmphasis(parent, line.slice(last, start));
    parent.append(node);
    last = start + raw.length;
    INLINE.lastIndex = last;
  }
  appendEmphasis(parent, line.slice(last));
}

/**
 * Appends `text` to `container` as paragraphs and lists.
 * @param {HTMLElement} container
 * @param {string} text
 * @param {{opensInNewTab: string}} strings  chrome strings in the message's language
 */
export function appendRichText(container, text, strings) {
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  let paragraph = null;
  let list = null;

  const closeBlocks = () => {
    paragraph = null;
    list = null;
  };

  for (const line of lines) {
    if (!line.trim()) {
      closeBlocks();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = document.createElement(tag.toLowerCase());
        container.append(list);
      }
      paragraph = null;
      const item = document.createElement("li");
      appendInline(item, (bullet || numbered)[1], strings);
      list.append(item);
      continue;
    }
    list = null;
    if (paragraph) {
      paragraph.append(document.createElement("br"));
    } else {
      paragraph = document.createElement("p");
      container.append(paragraph);
    }
    appendInline(paragraph, line, strings);
  }
}
