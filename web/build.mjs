// Builds web/dist from web/src and web/public:
//   dist/widget/chat-widget.js   the widget, socket.io-client bundled in (IIFE)
//   dist/widget/chat-widget.css  its styles (loaded into the shadow root)
//   dist/index.html, dist/fr/index.html, dist/assets/*   the demo pages
// The widget's texts come from the catalogs in ../locales (catalog.mjs);
// LOCALES_DIR points elsewhere, as for the assistant.
//
// Usage: npm ci && npm run build          (from web/)
//        node build.mjs --outdir /tmp/x   (build somewhere else, e.g. to compare)
//
// The output depends only on the sources and the locked dependencies: no
// timestamps, hashes of the build machine or absolute paths end up in it, so
// two builds of the same commit are byte-identical.
import * as esbuild from "esbuild";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { widgetStrings } from "./catalog.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outFlag = args.indexOf("--outdir");
const outdir = outFlag >= 0 ? resolve(args[outFlag + 1]) : resolve(here, "dist");

await rm(outdir, { recursive: true, force: true });
await mkdir(resolve(outdir, "widget"), { recursive: true });

const localesDir = process.env.LOCALES_DIR ? resolve(process.env.LOCALES_DIR) : resolve(here, "..", "locales");
const strings = await widgetStrings(localesDir);

// `import STRINGS from "catalog:widget"` in the widget gets the texts as JSON.
const catalogTexts = {
  name: "catalog-texts",
  setup(build) {
    build.onResolve({ filter: /^catalog:widget$/ }, () => ({ path: "widget", namespace: "catalog" }));
    build.onLoad({ filter: /.*/, namespace: "catalog" }, () => ({ contents: JSON.stringify(strings), loader: "json" }));
  },
};

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: "linked",
  sourcesContent: true,
  legalComments: "linked",
  charset: "utf8",
  logLevel: "warning",
};

const widget = await esbuild.build({
  ...common,
  metafile: true,
  banner: { js: "/*! Biometric privacy chat widget. Third-party licences: THIRD-PARTY-LICENSES.txt */" },
  entryPoints: ["src/widget.js"],
  plugins: [catalogTexts],
  outfile: resolve(outdir, "widget/chat-widget.js"),
  format: "iife",
  platform: "browser",
  // ES2020: every browser of the last few years, older iPhones included.
  target: "es2020",
  define: { "process.env.NODE_ENV": '"production"' },
});

await esbuild.build({
  ...common,
  entryPoints: ["src/widget.css"],
  outfile: resolve(outdir, "widget/chat-widget.css"),
  target: ["chrome90", "firefox90", "safari14"],
});

// The licence texts of every npm package bundled into the widget.
const packages = new Set();
for (const input of Object.keys(widget.metafile.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.add(match[1]);
}
const notices = [];
for (const name of [...packages].sort()) {
  const meta = JSON.parse(await readFile(resolve(here, "node_modules", name, "package.json"), "utf8"));
  const licence = await readFile(resolve(here, "node_modules", name, "LICENSE"), "utf8");
  notices.push(`${name}@${meta.version} (${meta.license})\n\n${licence.trim()}\n`);
}
await writeFile(
  resolve(outdir, "widget/THIRD-PARTY-LICENSES.txt"),
  `Packages bundled into chat-widget.js\n\n${notices.join("\n----------------------------------------\n\n")}`,
);

await cp(resolve(here, "public"), outdir, { recursive: true });
console.log(`built ${outdir}`);
