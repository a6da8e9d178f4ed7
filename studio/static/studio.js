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

// Retraining: the progress bar follows the run; the page reloads once it ends.
const bar = document.getElementById("training-progress");
if (bar) {
  const follow = async () => {
    const status = await (await fetch(`/${document.documentElement.lang}/training.json`)).json();
    if (status.state !== "running") {
      window.location.reload();
      return;
    }
    bar.value = status.percent;
    bar.textContent = `${status.percent}%`;
    bar.nextElementSibling.textContent = `${status.percent}%`;
    setTimeout(follow, 3000);
  };
  setTimeout(follow, 3000);
}
