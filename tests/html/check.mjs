// The web publication in a real browser: every page of the folder loaded
// in headless Chromium (Debian's /usr/bin/chromium, driven by
// puppeteer-core), at desktop and phone width, checked with axe-core
// against WCAG 2.1 A and AA (0 violations), validated with html-validate,
// every internal link and anchor resolved, and nothing fetched from
// outside the folder.
//
//   node tests/html/check.mjs <folder> [--screenshots <dir> <page.html>...]
//
// The packages come from $UITVOERINGSPLAN_HTML_NODE_MODULES (installed by
// .ci/html-tools.sh from tests/html/package-lock.json). Exit 0 when clean;
// prints one line per problem and a closing count.

import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.UITVOERINGSPLAN_HTML_NODE_MODULES;
if (!modules) {
  console.error("UITVOERINGSPLAN_HTML_NODE_MODULES is not set");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const puppeteer = require("puppeteer-core");
const { HtmlValidate } = require("html-validate");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
const folder = path.resolve(args[0] ?? "");
let shots = null;
let shotPages = [];
const s = args.indexOf("--screenshots");
if (s >= 0) {
  shots = path.resolve(args[s + 1]);
  shotPages = args.slice(s + 2);
  fs.mkdirSync(shots, { recursive: true });
}

const pages = fs.readdirSync(folder).filter((f) => f.endsWith(".html")).sort();
if (!pages.includes("index.html")) {
  console.error(`no index.html in ${folder}`);
  process.exit(2);
}
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);
let checks = 0;

// html-validate: the recommended rules, nothing switched off.
const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
for (const p of pages) {
  checks++;
  const report = await validator.validateFile(path.join(folder, p));
  for (const r of report.results) {
    for (const m of r.messages) problem(`${p}:${m.line}:${m.column}`, `html-validate ${m.ruleId}: ${m.message}`);
  }
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "uitvoeringsplan-chromium-"));
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    "--host-resolver-rules=MAP * ~NOTFOUND",
  ],
});

const widths = [
  ["desktop", 1280, 900],
  ["telefoon", 390, 844],
];
const ids = new Map(); // page -> Set of ids
const links = []; // [page, href]
try {
  for (const p of pages) {
    for (const [name, width, height] of widths) {
      const page = await browser.newPage();
      await page.setViewport({ width, height });
      await page.setJavaScriptEnabled(true);
      // Nothing from another host (which cannot resolve anyway, see the flags).
      page.on("request", (req) => {
        const url = req.url();
        const inside = url.startsWith(pathToFileURL(folder).href + "/") || url.startsWith("data:");
        if (!inside) problem(p, `fetches something outside the folder: ${url}`);
      });
      page.on("pageerror", (e) => problem(p, `script error: ${e.message}`));
      await page.goto(pathToFileURL(path.join(folder, p)).href, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      checks++;
      // The stylesheet applied, every font and image loaded, and nothing
      // wider than the screen but the scroll regions.
      const look = await page.evaluate(() => ({
        styled: getComputedStyle(document.body).fontFamily.includes("Inter"),
        fonts: [...document.fonts].filter((f) => f.status === "error").map((f) => `${f.family} ${f.weight} ${f.style}`),
        images: [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        wide: [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".schuif"))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} “${(e.textContent ?? "").slice(0, 40)}”`),
      }));
      if (!look.styled) problem(`${p} (${name})`, "the stylesheet did not apply");
      for (const f of look.fonts) problem(`${p} (${name})`, `font not loaded: ${f}`);
      for (const i of look.images) problem(`${p} (${name})`, `image not shown: ${i}`);
      if (look.overflow > 0)
        problem(`${p} (${name})`, `the page is ${look.overflow}px wider than the screen: ${look.wide.join(", ")}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          resultTypes: ["violations"],
        }),
      );
      for (const v of result.violations) {
        for (const n of v.nodes) {
          problem(`${p} (${name})`, `axe ${v.id}: ${v.help} at ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`);
        }
      }
      if (name === "desktop") {
        const found = await page.evaluate(() => ({
          ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
          hrefs: [...document.querySelectorAll("a[href], link[href]")].map((e) => e.getAttribute("href")),
          srcs: [...document.querySelectorAll("img[src]")].map((e) => e.getAttribute("src")),
          current: [...document.querySelectorAll('nav a[aria-current="page"]')].map((a) => a.getAttribute("href")),
        }));
        ids.set(p, new Set(found.ids));
        for (const h of [...found.hrefs, ...found.srcs]) links.push([p, h]);
        if (found.current.length !== 1 || found.current[0] !== p)
          problem(p, `the navigation marks ${JSON.stringify(found.current)} as the current page`);
      }
      if (shots && shotPages.includes(p)) {
        await page.screenshot({ path: path.join(shots, `${p.replace(/\.html$/, "")}-${name}.png`), fullPage: true });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

// Every internal link and anchor resolves; external ones are left alone.
for (const [p, href] of links) {
  checks++;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // https:, mailto:
  const [file, fragment] = href.split("#");
  const target = file === "" ? p : decodeURIComponent(file);
  const full = path.join(folder, target);
  if (!fs.existsSync(full)) {
    problem(p, `link to a missing file: ${href}`);
    continue;
  }
  if (fragment !== undefined) {
    const known = ids.get(target);
    if (!known) problem(p, `anchor in a file that is not a page: ${href}`);
    else if (!known.has(decodeURIComponent(fragment))) problem(p, `link to a missing anchor: ${href}`);
  }
}

for (const line of problems) console.log(line);
console.log(`html check: ${pages.length} pages, ${links.length} links`);
// Checks: html-validate per page, axe per page and width, links. A check
// may find several problems; the count of passed ones is a lower bound.
console.log(`${Math.max(0, checks - problems.length)} passed, ${problems.length} failed`);
process.exit(problems.length === 0 ? 0 : 1);
