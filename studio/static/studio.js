// Shows the preview's chat messages the way the widget does (links, lists,
// bold), with the widget's own renderer and words. Without this script the
// preview shows the same text, unformatted.
import { appendRichText } from "/static/render.js";

for (const bubble of document.querySelectorAll("[data-rich-text]")) {
  const words = bubble.closest("[data-opens-in-new-tab]");
  const text = bubble.textContent;
  bubble.textContent = "";
  appendRichText(bubble, text, { opens_in_new_tab: words ? words.dataset.opensInNewTab : "" });
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

// The content check while staff type: the form as it is, checked by the
// server with make check's rules, a moment after the last key stroke.
const live = document.getElementById("live-check");
if (live) {
  const form = live.closest("form");
  let timer = null;
  const check = async () => {
    const response = await fetch(live.dataset.checkUrl, { method: "POST", body: new FormData(form) });
    if (!response.ok) return;
    const result = await response.json();
    const summary = document.createElement("p");
    summary.className = result.problems.length ? "live-summary problems" : "live-summary";
    summary.textContent = result.summary;
    const list = document.createElement("ul");
    list.className = "problems";
    for (const problem of result.problems) {
      const item = document.createElement("li");
      item.textContent = problem;
      list.append(item);
    }
    live.replaceChildren(summary, ...(result.problems.length ? [list] : []));
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
}
