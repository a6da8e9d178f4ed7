// Shows the preview's chat messages the way the widget does (links, lists,
// bold), with the widget's own renderer and words. Without this script the
// preview shows the same text, unformatted.
import { appendRichText } from "/static/render.js";

const bubbles = document.querySelectorAll("[data-rich-text]");
const strings = bubbles.length ? await (await fetch("/static/widget-strings.json")).json() : {};

for (const bubble of bubbles) {
  const lang = bubble.closest("[lang]").lang === "fr" ? "fr" : "en";
  const text = bubble.textContent;
  bubble.textContent = "";
  appendRichText(bubble, text, strings[lang]);
  bubble.classList.add("rendered");
}
