import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedConsultation } from "../reports/fixtures.ts";
import { telegramUser } from "../support/telegram.ts";
import { type WebHarness, webHarness } from "../support/web.ts";
import { seedDistrict } from "./seed.ts";

/**
 * The web in a real browser (Debian's chromium, driven by puppeteer-core; nothing downloaded):
 * signed in through the link the bot sends, every page on a phone and a desktop screen, with
 * and without JavaScript, checked by axe-core. Screenshots go to a temporary folder (logged).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NOW = new Date("2026-11-23T06:00:00Z");
const VIEWPORTS = [
  { width: 390, height: 844, name: "phone" },
  { width: 1280, height: 800, name: "desktop" },
];
const PAGES = [
  "/dashboard",
  "/dashboard?period=month:2026-10",
  "/dashboard/services",
  "/dashboard/services/DC1",
  "/dashboard/localities",
  "/dashboard/consultations",
  "/dashboard/preview",
  "/dashboard/preview/beneficiary-satisfaction?lang=ro",
  "/dashboard/notes",
  "/public",
  "/public?embed=1&lang=uk",
];
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = mkdtempSync(path.join(tmpdir(), "glas-screens-"));

let h: WebHarness;
let browser: Browser;
let page: Page;
let link: string;
const errors: string[] = [];
const DIRECTOR_ID = 9_200_000_001;

beforeAll(async () => {
  h = await webHarness({ now: NOW });
  await seedDistrict(h.db);
  closedConsultation(h.db, {
    text: { ro: "Să fie deschis centrul sâmbăta?", en: "Should the centre open on Saturdays?" },
    choices: [
      { ro: "Da", ru: "Да", uk: "Так", en: "Yes" },
      { ro: "Nu", ru: "Нет", uk: "Ні", en: "No" },
    ],
    closedAt: "2026-11-19T12:00:00Z",
    replies: [0, 0, 0, 0, 1, 1, 1],
  });
  const director = await h.staff(DIRECTOR_ID, "directorate");
  link = (await h.linkFor(director)) as string;
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${String(e)}`));
  console.warn(`screenshots in ${shots}`);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(target: string): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  const response = await page.goto(`${h.base.url}${target}`, { waitUntil: "load" });
  const ms = performance.now() - started;
  return { status: response?.status() ?? 0, bytes: (await response?.buffer())?.byteLength ?? 0, ms };
}

describe("the web in chromium", () => {
  it("signs in through the link from the chat, and refuses the link a second time", async () => {
    expect(link).toContain("/dashboard/login/");
    expect((await open(new URL(link).pathname)).status).toBe(200);
    await Promise.all([page.waitForNavigation(), page.click("form button[type=submit]")]);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(await page.$eval("h1", (e) => e.textContent)).toBe("Pe scurt");
    expect((await open(new URL(link).pathname)).status).toBe(410);
    errors.length = 0; // the 410 above is logged by the browser as a failed load
  });

  it("gives a beneficiary's /dashboard no link", async () => {
    expect(await h.linkFor(telegramUser(h, { id: 9_200_000_002 }))).toBeNull();
  });

  it("shows every page on a phone and a desktop: no console error, no sideways scrolling, no serious accessibility issue", async () => {
    const report: string[] = [];
    for (const viewport of VIEWPORTS) {
      await page.setViewport({ width: viewport.width, height: viewport.height });
      for (const target of PAGES) {
        const { status, bytes, ms } = await open(target);
        expect(status, target).toBe(200);
        // A wide table may scroll inside its own box (.scroll); nothing else may stick out.
        const overflow = await page.evaluate(`(() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll("body *")].filter(
            (e) => !e.closest(".scroll") && e.getBoundingClientRect().right > width + 1,
          );
          return { by: document.documentElement.scrollWidth - width, wide: wide.slice(0, 3).map((e) => e.tagName + "." + e.className) };
        })()`);
        expect(overflow, `${target} at ${viewport.width}px overflows`).toEqual({ by: 0, wide: [] });
        await page.evaluate(axeSource);
        const violations = (await page.evaluate(async () => {
          const axe = (
            globalThis as unknown as {
              axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
            }
          ).axe;
          return (await axe.run({ resultTypes: ["violations"] })).violations;
        })) as { id: string; impact: string; nodes: { target: string[] }[] }[];
        const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(
          serious.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
          target,
        ).toEqual([]);
        const html = await page.content();
        for (const secret of [String(DIRECTOR_ID), "Maria", "Ana Ionescu", "vine rar"])
          expect(html, target).not.toContain(secret);
        const file = `${viewport.name}-${target.replace(/[^a-z0-9]+/gi, "_")}.png`;
        await page.screenshot({ path: path.join(shots, file), fullPage: true });
        report.push(`${viewport.name} ${target}: ${(bytes / 1024).toFixed(1)} KiB, ${ms.toFixed(0)} ms`);
      }
    }
    console.warn(report.join("\n"));
    expect(errors).toEqual([]);
  });

  it("shows the same figures with JavaScript off", async () => {
    const text = async () => {
      await open("/dashboard/services");
      return page.$eval("main", (e) => (e as unknown as { innerText: string }).innerText);
    };
    const withScript = await text();
    await page.setJavaScriptEnabled(false);
    try {
      expect(await text()).toBe(withScript);
    } finally {
      await page.setJavaScriptEnabled(true);
    }
  });

  it("walks a survey in the preview by pressing its buttons, with JavaScript off, storing nothing", async () => {
    const count = (table: string) => (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const before = { responses: count("Response"), answers: count("Answer"), sessions: count("Session") };
    await page.setJavaScriptEnabled(false);
    try {
      await open("/dashboard/preview/beneficiary-satisfaction?lang=uk");
      const bubbles = () => page.$$eval(".bubble", (els) => els.map((e) => e.textContent ?? ""));
      const first = await bubbles();
      for (let i = 0; i < 3; i++) {
        await Promise.all([page.waitForNavigation(), page.click(".choices button")]);
      }
      expect(await bubbles()).not.toEqual(first);
      expect(await page.$$(".choices button")).not.toHaveLength(0);
    } finally {
      await page.setJavaScriptEnabled(true);
    }
    expect({ responses: count("Response"), answers: count("Answer"), sessions: count("Session") }).toEqual(before);
  });

  it("public results: a service answered by 2 people shows no 2", async () => {
    await open("/public");
    const rows = await page.$$eval("tr", (trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText));
    const mobile = rows.filter((r) => r.includes("Echipa mobilă"));
    expect(mobile.length).toBeGreaterThan(0);
    for (const row of mobile) expect(row).not.toMatch(/(^|\D)2(\D|$)/);
  });
});
