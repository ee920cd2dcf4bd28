import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Update } from "grammy/types";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { LOCALE_NAMES } from "../../src/engine/locale.ts";
import { CHART_WIDTH } from "../../src/reports/chart.ts";
import { lastFullPeriod, type Period } from "../../src/reports/periods.ts";
import { ROOT } from "../support/cli.ts";
import { t } from "../support/db.ts";
import { type FakeCall, type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.ts";
import { type FakeViber, sign, startFakeViber } from "../support/fake-viber.ts";
import { DEFAULT_SURVEY_TAPS, telegramUser } from "../support/telegram.ts";
import { SIGNATURE_HEADER, viberUser } from "../support/viber.ts";
import { signIn } from "../support/web.ts";
import { quiet, seedTwoWeeks, startWranglerDev, type WranglerDev } from "../support/wrangler.ts";

/**
 * The Workers build under wrangler dev, on a local D1 migrated by wrangler, with both messengers
 * on (their fake APIs on loopback): the default survey taken through each webhook, and the
 * directorate's summary with its chart and workbook, in the chat, the admin API and the dashboard.
 * The answers of the last full week are written into the D1 file before the Worker starts (its
 * clock is the real one; see seedTwoWeeks); everything else comes through the Worker.
 */
const SECRET = "worker-attachments-secret";
const ADMIN_TOKEN = "worker-attachments-admin-token-0123";
const TZ = "Europe/Chisinau";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const survey = YAML.parse(readFileSync(path.join(ROOT, "surveys/beneficiary-satisfaction.yaml"), "utf8"));

let telegram: FakeTelegram;
let viber: FakeViber;
let worker: WranglerDev;
let base: string;
let week: Period;

beforeAll(async () => {
  [telegram, viber] = await Promise.all([startFakeTelegram(), startFakeViber()]);
  week = lastFullPeriod("week", new Date(), TZ);
  worker = await startWranglerDev(
    (url) => ({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: telegram.url,
      VIBER_AUTH_TOKEN: viber.token,
      VIBER_BOT_NAME: "Glas",
      VIBER_API_ROOT: viber.url,
      ADMIN_TOKEN,
      PUBLIC_URL: url,
      LOG_LEVEL: "warn",
    }),
    { seed: (file) => seedTwoWeeks(file, week) },
  );
  base = worker.base;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await telegram?.close();
  await viber?.close();
});

/** Each messenger as the user helpers drive it: a post, then the replies the Worker sends after answering. */
const viaTelegram = {
  get fake() {
    return telegram;
  },
  async deliver(update: Update | unknown): Promise<Response> {
    const before = telegram.calls.length;
    const response = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
      body: JSON.stringify(update),
    });
    await quiet(telegram.calls, { after: before });
    return response;
  },
};
const postViber = (body: string) =>
  fetch(`${base}/viber/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(viber.token, body) },
    body,
  });
const viaViber = {
  get fake() {
    return viber;
  },
  post: postViber,
  drain: () => quiet(viber.calls),
  async deliver(body: string): Promise<Response> {
    const before = viber.calls.length;
    const response = await postViber(body);
    await quiet(viber.calls, { after: before });
    return response;
  },
};

const api = (route: string, init: RequestInit = {}) =>
  fetch(`${base}/api${route}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", ...init.headers },
  });

async function inviteCode(): Promise<string> {
  const response = await api("/invites", { method: "POST", body: JSON.stringify({ role: "directorate" }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

/** A PNG as the messengers get it: the signature, then a picture that decodes at the chart's size. */
function expectChart(bytes: Buffer): void {
  expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  const png = PNG.sync.read(bytes);
  // Title and column names (290), one row per service with answers (A, B, C: 66 each), the footer (16).
  expect([png.width, png.height]).toEqual([CHART_WIDTH, 290 + 3 * 66 + 16]);
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 100) ink++;
  expect(ink).toBeGreaterThan(5_000);
}

/** The workbook opened as Excel would, with the figures of the seeded week (as in test/reports/workbook.test.ts). */
async function expectWorkbook(bytes: Buffer, locale: "ro" | "en"): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(t(locale, "summary.sheet.by_service"));
  if (!sheet) throw new Error("no sheet of indicators by service");
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
  const byCode = (code: string) => rows.find((r) => r[0] === code) ?? [];
  expect(byCode("A").slice(0, 5)).toEqual(["A", "Service A", "Ialoveni", 10, 0.8]);
  expect(byCode("B").slice(3, 5)).toEqual(["<5", "<5"]);
  expect(byCode("C").slice(3, 5)).toEqual(["x", "x"]); // or 19 − 10 − C would give B away
  expect(rows.at(-1)?.[3]).toBe(19);
  const summary = book.getWorksheet(t(locale, "summary.sheet.summary"));
  const dignity = summary
    ?.getRows(2, summary.rowCount - 1)
    ?.find((r) => r.getCell(1).value === t(locale, "summary.indicator.RIGHTS_DIGNITY"));
  expect(dignity?.getCell(2).value).toBeCloseTo(14 / 19, 10);
}

describe("the Workers build with both messengers, under wrangler dev", () => {
  it("draws the chart and writes the workbook through the admin API, two first drawings at once (no more 501)", async () => {
    const query = `from=${week.firstDay}&to=${week.lastDay}&lang=en`;
    const [chart, workbook] = await Promise.all([api(`/summary/chart?${query}`), api(`/summary/workbook?${query}`)]);
    expect([chart.status, workbook.status]).toEqual([200, 200]);
    expect(chart.headers.get("content-type")).toBe("image/png");
    expect(workbook.headers.get("content-type")).toBe(XLSX);
    expectChart(Buffer.from(await chart.arrayBuffer()));
    await expectWorkbook(Buffer.from(await workbook.arrayBuffer()), "en");
  });

  it("takes the whole default survey in Telegram, in Ukrainian", async () => {
    const user = telegramUser(viaTelegram, { id: 7_410_000_001, language: "uk" });
    expect((await user.text("/start")).status).toBe(200);
    expect(user.lastKeyboardMessage().text).toContain(survey.intro.uk.split("\n")[0]);
    await user.tap(1); // agree
    for (const n of DEFAULT_SURVEY_TAPS) expect((await user.tap(n)).status).toBe(200);
    await user.text("Дякую за турботу.");
    expect(String(user.sentToMe().at(-1)?.params.text)).toContain(survey.thanks.uk.trim());
  }, 60_000);

  it("takes the whole default survey in Viber, in Russian, from the welcome", async () => {
    const user = viberUser(viaViber, { id: "d29ya2VyQXR0YWNoMDAx", language: "ru" });
    const opened = await user.open();
    expect(opened.status).toBe(200);
    await user.tapLabel("Русский");
    expect(user.lastText()).toContain(survey.intro.ru.split("\n")[0]);
    await user.tap(1); // agree
    for (const n of DEFAULT_SURVEY_TAPS) expect((await user.tap(n)).status).toBe(200);
    await user.text("Спасибо за заботу.");
    expect(user.lastText()?.endsWith(survey.thanks.ru.trim())).toBe(true);
  }, 60_000);

  it("keeps both questionnaires: the export has them, dated today, in their languages, as CSV and as .xlsx", async () => {
    const response = await api("/surveys/beneficiary-satisfaction/export?format=csv");
    expect(response.status).toBe(200);
    // The seeded weeks (19, 10 the week before, 1 on the Monday after) and the two taken above.
    const rows = 19 + 10 + 1 + 2;
    expect(response.headers.get("x-glas-rows")).toBe(String(rows));
    const today = (await response.text()).split("\r\n").filter((line) => line.includes(`"${todayIn(TZ)}"`));
    expect(today.filter((line) => line.includes(`"${LOCALE_NAMES.uk}"`))).toHaveLength(1);
    expect(today.filter((line) => line.includes(`"${LOCALE_NAMES.ru}"`))).toHaveLength(1);

    const xlsx = await api("/surveys/beneficiary-satisfaction/export?format=xlsx&lang=en");
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.rowCount).toBe(rows + 1);
    const languages = sheet?.getColumn(5).values.slice(2);
    expect(languages?.filter((v) => v === LOCALE_NAMES.uk)).toHaveLength(1);
    expect(sheet?.getRow(2).getCell(2).value).toBeInstanceOf(Date);
  });

  it("gives a directorate member in Telegram the summary of last week: text, the chart as a photo, the workbook", async () => {
    const director = telegramUser(viaTelegram, { id: 7_410_000_100, language: "ro" });
    await director.text(`/join ${await inviteCode()}`);
    await director.text("/summary");
    const before = telegram.calls.length;
    await director.tap(1); // last week
    const sent = telegram.calls.slice(before).filter((c: FakeCall) => String(c.chatId) === String(director.from.id));
    const upload = (method: string, param: string) =>
      sent.find((c) => c.method === method)?.files?.find((f) => f.param === param);
    const text = sent.find((c) => c.method === "sendMessage" && String(c.params.text).startsWith(t("ro", "summary.title.week")));
    expect(String(text?.params.text)).toContain("👥 19 ");
    const photo = upload("sendPhoto", "photo");
    const document = upload("sendDocument", "document");
    expect(document?.filename).toMatch(/^glas-indicators-\d{4}-W\d{2}-ro\.xlsx$/);
    expectChart(photo?.bytes ?? Buffer.alloc(0));
    await expectWorkbook(document?.bytes ?? Buffer.alloc(0), "ro");
  }, 60_000);

  it("gives a directorate member in Viber the chart and the workbook as links to /files on the Worker", async () => {
    const director = viberUser(viaViber, { id: "ZGlyZWN0b3JBdHRhY2gwMQ==", language: "en" });
    await director.text(`/join ${await inviteCode()}`);
    await director.text("/summary");
    await director.tap(1); // last week
    const messages = director.received().map((m) => m.body);
    const picture = messages.find((m) => m.type === "picture");
    const file = messages.find((m) => m.type === "file");
    expect(String(picture?.media)).toMatch(new RegExp(`^${base}/files/[A-Za-z0-9_-]{43}/glas-chart-.+\\.png$`));
    const [png, xlsx] = await Promise.all([fetch(String(picture?.media)), fetch(String(file?.media))]);
    expect([png.status, xlsx.status]).toEqual([200, 200]);
    expectChart(Buffer.from(await png.arrayBuffer()));
    await expectWorkbook(Buffer.from(await xlsx.arrayBuffer()), "en");
  }, 60_000);

  it("lets the directorate download the period's workbook from the dashboard", async () => {
    const director = telegramUser(viaTelegram, { id: 7_410_000_100, language: "ro" });
    await director.text("/dashboard");
    const link = /https?:\/\/\S+\/dashboard\/login\/[A-Za-z0-9_-]{43}/.exec(String(director.sentToMe().at(-1)?.params.text))?.[0];
    expect(link?.startsWith(base)).toBe(true);
    const served = { request: (route: string, init?: RequestInit) => fetch(`${base}${route}`, { ...init, redirect: "manual" }) };
    const { cookie } = await signIn({ app: served }, String(link));
    const download = await fetch(`${base}/dashboard/workbook?period=${week.key}&lang=ro`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe(XLSX);
    await expectWorkbook(Buffer.from(await download.arrayBuffer()), "ro");
  }, 30_000);
});

/** Today's date in the time zone, as the export writes it. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}
