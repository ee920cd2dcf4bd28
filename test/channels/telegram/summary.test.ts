import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryRenderers } from "../../../src/channels/registry.ts";
import { createNodeSummaryBuilder } from "../../../src/reports/build.node.ts";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { createSummaries, type Summaries } from "../../../src/usecases/summaries/index.ts";
import { seedExampleWeek } from "../../reports/fixtures.ts";
import { t } from "../../support/db.ts";
import type { FakeCall } from "../../support/fake-telegram.ts";
import { type Harness, telegramHarness, telegramUser } from "../../support/telegram.ts";

/** Monday 23 November 2026, 08:00 in Chisinau: the summary of week 47 is due. */
const MONDAY_8 = new Date("2026-11-23T06:00:00Z");
const TZ = "Europe/Chisinau";

let h: Harness;
let summaries: Summaries;
// The harness builds the store; the use case needs it, so respond() reaches it through this.
const late: Summaries = {
  get timeZone() {
    return TZ;
  },
  runDue: (now) => summaries.runDue(now),
  sendTo: (...args) => summaries.sendTo(...args),
  sendToDirectorate: (...args) => summaries.sendToDirectorate(...args),
  purgeFiles: (now) => summaries.purgeFiles(now),
};

beforeAll(async () => {
  h = await telegramHarness({ now: () => MONDAY_8, respond: { summaries: late } });
  const builder = createNodeSummaryBuilder({ store: h.db.store, t, minCell: 5 });
  summaries = createSummaries({
    store: h.db.store,
    log: h.log,
    t,
    defaultLocale: "ro",
    timeZone: TZ,
    minCell: 5,
    weeklyCron: "0 8 * * 1",
    monthlyCron: "0 8 1 * *",
    renderers: summaryRenderers(t, null),
    attachments: (summary, locale) => builder.render(summary, locale),
  });
  await seedExampleWeek(h.db);
});
afterAll(() => h.close());

const director = () => telegramUser(h, { id: 8_300_000_001, language: "ro" });
const beneficiary = () => telegramUser(h, { id: 8_300_000_002, language: "ro" });
const worker = () => telegramUser(h, { id: 8_300_000_003, language: "en" });
const to = (id: number, method: string) => h.fake.callsTo(method).filter((c) => String(c.chatId) === String(id));
const fileOf = (call: FakeCall | undefined, param: string) => {
  const file = call?.files?.find((f) => f.param === param);
  if (!file) throw new Error(`no ${param} uploaded`);
  return file;
};

async function join(user: ReturnType<typeof telegramUser>, role: "directorate" | "social_worker") {
  const { code } = await issueInvite(h.db.store, { role }, MONDAY_8);
  await user.text(`/join ${code}`);
}

/** Non-white pixels of a decoded PNG. */
function inked(png: PNG): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 200) n++;
  return n;
}

describe("the directorate's summary in Telegram", () => {
  it("goes out on Monday at 08:00 as text, a photo of the chart and the workbook as a document", async () => {
    await join(director(), "directorate");
    expect(String(director().sentToMe().at(-1)?.params.text)).toContain(t("ro", "staff.join.commandsDirectorate"));
    const runs = await summaries.runDue(MONDAY_8);
    expect(runs.find((r) => r.kind === "week")).toMatchObject({ periodKey: "week:2026-W47", outcome: "sent", recipients: 1 });
    await h.drain();

    const id = director().from.id;
    // Last month's (October's) went out too: the week's are picked by their period.
    const text = to(id, "sendMessage").find((c) => String(c.params.text).includes("📊 Rezumatul săptămânii"));
    expect(String(text?.params.text)).toContain("📊 Rezumatul săptămânii");
    expect(String(text?.params.text)).toContain("16–22 nov. 2026");

    const photo = to(id, "sendPhoto").find((c) => String(c.params.caption).includes("16–22"));
    expect(photo?.params.caption).toBe(t("ro", "summary.delivery.chart", { period: "16–22 nov. 2026" }));
    const png = PNG.sync.read(fileOf(photo, "photo").bytes);
    expect(png.width).toBe(1080);
    expect(png.height).toBeGreaterThan(300);
    expect(inked(png)).toBeGreaterThan(5_000);

    const doc = to(id, "sendDocument").find((c) => c.files?.some((f) => f.filename.includes("W47")));
    const upload = fileOf(doc, "document");
    expect(upload.filename).toBe("glas-indicators-2026-W47-ro.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(upload.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name).slice(0, 4)).toEqual([
      t("ro", "summary.sheet.summary"),
      t("ro", "summary.sheet.by_service"),
      t("ro", "summary.sheet.by_locality"),
      t("ro", "summary.sheet.ranking"),
    ]);
    const byService = workbook.getWorksheet(t("ro", "summary.sheet.by_service"));
    const names = byService?.getColumn(2).values.filter((v) => typeof v === "string");
    expect(names).toEqual(expect.arrayContaining(["Service A", "Service B", "Service C"]));

    // In order: text, chart, workbook; the rows are done and keep no text or file reference.
    expect([text, photo, doc].map((c) => c?.at)).toEqual([text?.at, photo?.at, doc?.at].sort());
    const left = h.db.sql.prepare(`SELECT "status", "payload" FROM "Outbox" WHERE "dedupeKey" LIKE 'summary:week:%'`).all();
    expect(left).toEqual([
      { status: "sent", payload: "null" },
      { status: "sent", payload: "null" },
      { status: "sent", payload: "null" },
    ]);
  });

  it("is not sent again when the schedule runs again", async () => {
    const before = h.fake.calls.length;
    await summaries.runDue(new Date(MONDAY_8.getTime() + 60_000));
    await h.drain();
    expect(h.fake.calls.length).toBe(before);
  });

  it("/summary offers periods and services; a tap sends that summary", async () => {
    const d = director();
    await d.text("/summary");
    const menu = d.lastKeyboardMessage();
    expect(menu.text).toBe(t("ro", "summary.chat.menu"));
    expect(menu.buttons.map((b) => b.text)).toEqual([
      t("ro", "summary.chat.period.lw"),
      t("ro", "summary.chat.period.lm"),
      t("ro", "summary.chat.byService"),
    ]);
    const photos = to(d.from.id, "sendPhoto").length;
    const answer = await d.tap(1); // last week
    // The tap is answered in the webhook's reply (no endless spinner).
    expect(await answer.json()).toMatchObject({ method: "answerCallbackQuery" });
    expect(to(d.from.id, "sendPhoto")).toHaveLength(photos + 1);
    expect(to(d.from.id, "sendDocument")).toHaveLength(photos + 1);
    expect(String(to(d.from.id, "sendMessage").at(-1)?.params.text)).toContain("16–22 nov. 2026");

    await d.tap(3); // one service…
    const services = d.lastKeyboardMessage();
    expect(services.text).toBe(t("ro", "summary.chat.pickService"));
    expect(services.buttons.map((b) => b.text).sort()).toEqual(["Demo day centre", "Service A", "Service B", "Service C"]);
    await d.tap(services.buttons.findIndex((b) => b.text === "Service A") + 1);
    expect(d.lastKeyboardMessage().text).toBe(t("ro", "summary.chat.servicePeriod", { name: "Service A" }));
    // Closed periods only: last week or last month, never the week still running.
    expect(d.lastKeyboardMessage().buttons.map((b) => b.text)).toEqual([
      t("ro", "summary.chat.period.lw"),
      t("ro", "summary.chat.period.lm"),
    ]);
    await d.tap(1); // last week, for Service A
    const text = String(to(d.from.id, "sendMessage").at(-1)?.params.text);
    expect(text).toContain("📊 Rezumatul săptămânii");
    expect(text).toContain("Service A");
    expect(text).toContain("16–22 nov. 2026");
    expect(fileOf(to(d.from.id, "sendDocument").at(-1), "document").filename).toMatch(/^glas-indicators-2026-W47-A-ro\.xlsx$/);
  });

  it("a redelivered tap sends nothing twice", async () => {
    const d = director();
    await d.text("/summary");
    const update = d.pressUpdate(d.lastKeyboardMessage().buttons[2]?.callback_data ?? "");
    await h.deliver(update);
    const documents = to(d.from.id, "sendDocument").length;
    await h.deliver(update);
    expect(to(d.from.id, "sendDocument")).toHaveLength(documents);
  });

  it("is refused to a beneficiary and to a social worker, who get no summary", async () => {
    const b = beneficiary();
    await b.text("/start");
    await b.text("/summary");
    expect(String(b.sentToMe().at(-1)?.params.text)).toBe(t("ro", "staff.only"));
    // A forged tap does no better.
    await h.deliver(b.pressUpdate("sm:lw", { ...b.lastKeyboardMessage(), messageId: 1 }));
    const w = worker();
    await join(w, "social_worker");
    // Only the directorate's welcome names /summary.
    expect(String(w.sentToMe().at(-1)?.params.text)).not.toContain("/summary");
    await w.text("/summary");
    expect(String(w.sentToMe().at(-1)?.params.text)).toBe(t("en", "summary.chat.directorateOnly"));
    for (const id of [b.from.id, w.from.id]) {
      expect(to(id, "sendPhoto")).toEqual([]);
      expect(to(id, "sendDocument")).toEqual([]);
    }
  });

  it("logs no file token and no summary text", async () => {
    const tokens = (h.db.sql.prepare(`SELECT "token" FROM "StoredFile"`).all() as { token: string }[]).map((r) => r.token);
    expect(tokens.length).toBeGreaterThan(0);
    const logged = h.log.lines.join("\n");
    for (const token of tokens) expect(logged).not.toContain(token);
    expect(logged).not.toContain("Rezumatul");
    expect(logged).not.toContain(h.fake.token);
  });
});
