// The widget's own texts come from the assistant's catalogs: every text a
// resident reads lives in locales/<lang>/*.yml, where staff edit it and
// `make check` checks it. Here: the catalog messages whose key starts with
// "widget_", for each language, keyed by the rest of the name
// (widget_send -> send), as the widget code reads them (t.send).
import { readFile, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";

export const LANGUAGES = ["en", "fr"];
export const PREFIX = "widget_";
// Translators' bookkeeping beside the catalogs, not texts (assistant/catalog.py).
const NOT_A_CATALOG = "translation-state.yml";

/** One language's widget texts, from every catalog file of that language. */
async function languageStrings(localesDir, lang) {
  const folder = resolve(localesDir, lang);
  const files = (await readdir(folder)).filter((name) => name.endsWith(".yml") && name !== NOT_A_CATALOG).sort();
  const strings = {};
  for (const name of files) {
    const content = parse(await readFile(resolve(folder, name), "utf8")) || {};
    for (const [key, text] of Object.entries(content.messages || {})) {
      if (!key.startsWith(PREFIX)) continue;
      if (typeof text !== "string" || !text.trim()) {
        throw new Error(`locales/${lang}/${name}: '${key}' must be a text (run make check)`);
      }
      // Block scalars end in a newline no one should see (as in Catalog.message).
      strings[key.slice(PREFIX.length)] = text.replace(/^\n+|\n+$/g, "");
    }
  }
  return strings;
}

/** { en: {send: "Send", ...}, fr: {send: "Envoyer", ...} }; the same keys in
 *  every language, or an error naming what is missing where. */
export async function widgetStrings(localesDir) {
  const table = {};
  for (const lang of LANGUAGES) table[lang] = await languageStrings(localesDir, lang);
  for (const lang of LANGUAGES) {
    for (const other of LANGUAGES) {
      const missing = Object.keys(table[other]).filter((key) => !(key in table[lang]));
      if (missing.length) {
        throw new Error(`locales/${lang}/ lacks ${missing.map((k) => PREFIX + k).join(", ")} (run make check)`);
      }
    }
  }
  if (!Object.keys(table.en).length) throw new Error(`no ${PREFIX}* messages in ${localesDir}`);
  return table;
}
