// Colour checks so that a site's brand colour never breaks the 4.5:1
// contrast that WCAG 2.1 AA asks for normal text.

export const DEFAULT_PRIMARY = "#1d4f7c";
const DARK_TEXT = "#111111";
const LIGHT_TEXT = "#ffffff";

/** "#abc" or "#aabbcc" -> [r, g, b] (0-255), or null. */
export function parseHex(value) {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || "").trim());
  if (!match) return null;
  let hex = match[1];
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function channel(c) {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(rgb) {
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function toHex(rgb) {
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Works out the colour set from the site's options:
 *   primary        background of the header, launcher, send button, resident bubbles
 *   primaryText    text on that background (>= 4.5:1, else black or white)
 *   primaryOnLight the primary colour as text on white, darkened if it is too light
 */
export function resolveColors(primaryOption, textOption) {
  let primary = parseHex(primaryOption);
  if (primaryOption && !primary) {
    console.warn("[chat widget] data-primary-color must be a hex colour such as #1d4f7c.");
  }
  primary = primary || parseHex(DEFAULT_PRIMARY);

  const white = parseHex(LIGHT_TEXT);
  const dark = parseHex(DARK_TEXT);
  let text = parseHex(textOption);
  if (text && contrast(text, primary) < 4.5) {
    console.warn("[chat widget] data-primary-text-color has too little contrast; choosing one.");
    text = null;
  }
  if (!text) text = contrast(white, primary) >= contrast(dark, primary) ? white : dark;

  let onLight = primary;
  // Darken step by step until it reads on white (and on the light bubble grey).
  for (let i = 0; i < 20 && contrast(onLight, white) < 5; i += 1) {
    onLight = onLight.map((c) => Math.round(c * 0.85));
  }
  return { primary: toHex(primary), primaryText: toHex(text), primaryOnLight: toHex(onLight) };
}
