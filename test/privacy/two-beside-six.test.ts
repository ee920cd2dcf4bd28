import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers, summaryRenderers } from "../../src/channels/registry.ts";
import type { Intent } from "../../src/engine/intents.ts";
import { createAdminApi } from "../../src/http/api/index.ts";
import { silentLogger } from "../../src/log.ts";
import { type AuditInput, auditDelivery } from "../../src/reports/audit.ts";
import { createNodeSummaryBuilder } from "../../src/reports/build.node.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary } from "../../src/reports/summary.ts";
import type { Service } from "../../src/store/ports.ts";
import { createLocalOperations } from "../../src/usecases/operations/local.ts";
import { OperationError } from "../../src/usecases/operations/ports.ts";
import { ADMIN_API } from "../../src/usecases/privacy/audit.ts";
import { consultationFigures } from "../../src/usecases/staff/figures.ts";
import { createConsultationJob } from "../../src/usecases/staff/job.ts";
import { results } from "../../src/usecases/staff/results.ts";
import { createSummaries } from "../../src/usecases/summaries/index.ts";
import { respond } from "../reports/fixtures.ts";
import { freshDatabase, type TestDatabase, t, withDefaults } from "../support/db.ts";

/**
 * The issue's test: a service with 2 respondents beside one with 6 (and a consultation answered
 * Yes by 6 and No by 2). Everything the directorate and staff receive, read as delivered (outbox
 * text, the workbook's cells through exceljs, the API's JSON, /results' message): no number
 * equals 2, no two counts differ by 2, and the auditor, given every delivery at once, finds no
 * hidden count it can pin.
 */

const TZ = "Europe/Chisinau";
const MIN_CELL = 5;
const WEEK = weekContaining(new Date("2026-11-18T10:00:00Z"), TZ); // 16–22 November 2026
const NOW = new Date("2026-11-25T10:00:00Z"); // the week after: week 47 is closed
const TOKEN = "admin-token-0123456789abcdef";

let db: TestDatabase;
let two: Service;
let six: Service;
let consultationId: string;
let staffRespondentId = "";

beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  two = await db.store.services.add({ code: "TWO", name: "Two people", locality: "Cahul" });
  six = await db.store.services.add({ code: "SIX", name: "Six people", locality: "Cahul" });
  const answers = (i: number) => ({
    staff_respect: 5 - (i % 3),
    confidentiality: i % 2 === 0 ? "yes" : "no",
    overall_satisfaction: 4 + (i % 2),
    recommend: 10 - i,
  });
  for (let i = 0; i < 2; i++) await respond(db.store, { service: two, at: "2026-11-18T09:00:00Z", answers: answers(i) });
  for (let i = 0; i < 6; i++) await respond(db.store, { service: six, at: "2026-11-19T09:00:00Z", answers: answers(i + 2) });

  const staff = await db.store.respondents.upsert("telegram", "7001");
  await db.store.respondents.update(staff.id, { locale: "en" });
  staffRespondentId = staff.id;
  await db.store.staff.enrol({ respondentId: staff.id, role: "directorate", serviceId: null, localityId: null }, NOW);

  // A consultation to 8 people, closed in the week: 6 say Yes, 2 say No.
  consultationId = "yes6no2cons1";
  const people: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await db.store.respondents.upsert("telegram", `81000000${i}`);
    await db.store.respondents.update(r.id, { locale: "ro" });
    people.push(r.id);
  }
  await db.store.consultations.create({
    id: consultationId,
    createdById: null,
    sourceLocale: "en",
    text: { en: "Should the centre open on Saturdays?" },
    choices: [{ en: "Yes" }, { en: "No" }],
    audience: { all: true },
  });
  const sentAt = new Date("2026-11-17T09:00:00Z");
  await db.store.consultations.startSending(consultationId, sentAt);
  const job = createConsultationJob({
    store: db.store,
    renderers: broadcastRenderers(t),
    log: silentLogger,
    defaultLocale: "en",
  });
  await job.tick(sentAt);
  for (const m of await db.store.outbox.claim(sentAt, 1000, 60_000))
    await db.store.outbox.markSentEach([{ id: m.id, attempts: m.attempts, externalId: "1", sentAt }]);
  for (const [i, person] of people.entries()) {
    await db.store.consultations.reply({ consultationId, respondentId: person, choice: i < 6 ? 0 : 1, text: null }, sentAt);
  }
  await job.tick(sentAt);
});

afterAll(async () => {
  await db.close();
});

/** `/summary` for everyone, for TWO and for SIX: the three messages each, as queued. */
async function summaryDeliveries(): Promise<{ texts: string[]; workbooks: Uint8Array[] }> {
  const builder = createNodeSummaryBuilder({ store: db.store, t, minCell: MIN_CELL });
  const summaries = createSummaries({
    store: db.store,
    log: silentLogger,
    t,
    defaultLocale: "en",
    timeZone: TZ,
    minCell: MIN_CELL,
    weeklyCron: "0 8 * * 1",
    monthlyCron: "0 8 1 * *",
    renderers: summaryRenderers(t, "https://glas.example.md"),
    attachments: (summary, locale) => builder.render(summary, locale),
  });
  const member = await db.store.staff.byRespondent(staffRespondentId);
  if (!member) throw new Error("no staff");
  const recipient = {
    staffId: member.id,
    respondentId: staffRespondentId,
    channel: "telegram",
    platformId: "7001",
    locale: "en" as const,
  };
  for (const [i, service] of [null, two, six].entries()) await summaries.sendTo(recipient, { period: WEEK, service }, `ask-${i}`);
  const rows = db.sql.prepare(`SELECT "payload" FROM "Outbox" WHERE "dedupeKey" LIKE 'summary-ask:%'`).all() as {
    payload: string;
  }[];
  const texts = rows.map((r) => r.payload).filter((p) => p.includes("sendMessage"));
  const files = db.sql.prepare(`SELECT "bytes" FROM "StoredFile" WHERE "filename" LIKE '%.xlsx'`).all() as {
    bytes: Uint8Array;
  }[];
  return { texts, workbooks: files.map((f) => f.bytes) };
}

/** Every value of every cell of a workbook, as read back by exceljs. */
async function workbookCells(bytes: Uint8Array): Promise<{ sheet: string; row: unknown[] }[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out: { sheet: string; row: unknown[] }[] = [];
  for (const sheet of book.worksheets) {
    sheet.eachRow((row) => out.push({ sheet: sheet.name, row: (row.values as unknown[]).slice(1) }));
  }
  return out;
}

function intentText(intents: Intent[]): string {
  return intents
    .flatMap((i) => ("parts" in i ? i.parts : []))
    .map((p) => (p.type === "literal" ? p.text : t("en", p.key, p.params)))
    .join("\n");
}

const api = () =>
  createAdminApi({
    token: TOKEN,
    store: db.store,
    log: silentLogger,
    defaultLocale: "en",
    timezone: TZ,
    minCell: MIN_CELL,
    wake: () => {},
    now: () => NOW,
    operations: createLocalOperations({
      store: db.store,
      t,
      timeZone: TZ,
      minCell: MIN_CELL,
      defaultLocale: "en",
      attachments: null,
      sendToDirectorate: async () => 0,
      exportFile: async () => {
        throw new OperationError("unavailable", "no exports here");
      },
      who: ADMIN_API,
      closedPeriodsOnly: true,
      now: () => NOW,
    }),
  }) as NonNullable<ReturnType<typeof createAdminApi>>;

async function getJson(path: string): Promise<unknown> {
  const response = await api().request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status, path).toBe(200);
  return response.json();
}

/** The numbers a text shows, leaving out dates ("16–22 Nov 2026") and the threshold ("<5"). */
function numbersIn(text: string): number[] {
  const plain = text
    .replace(/\d{1,2}\s*[–-]\s*\d{1,2}\s+\p{L}+\.?\s+\d{4}/gu, "")
    .replace(/\d{4}-\d{2}-\d{2}|week:\d{4}-W\d{2}|W\d{2}/g, "")
    .replace(/<\d+/g, "");
  return [...plain.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => Number(m[0].replace(",", ".")));
}

describe("a service of 2 people beside one of 6", () => {
  it("shows no 2 and nothing that gives 2, in /summary's text and workbooks, /results and the API", async () => {
    const { texts, workbooks } = await summaryDeliveries();
    expect(texts).toHaveLength(3);
    expect(workbooks).toHaveLength(3);
    const resultsText = intentText(
      await results({
        store: db.store,
        log: silentLogger,
        options: { timezone: TZ, minCell: MIN_CELL },
        respondent: await db.store.respondents.upsert("telegram", "7001"),
        locale: "en",
        at: NOW,
      }),
    );
    const apiBodies = [
      await getJson("/api/summary?period=week"),
      await getJson("/api/summary?period=week&service=TWO"),
      await getJson("/api/summary?period=week&service=SIX"),
      await getJson(`/api/consultations/${consultationId}`),
    ];

    // Counts of people, as delivered.
    const counts: number[] = [];
    for (const text of [...texts.map((p) => String((JSON.parse(p) as { params: { text: string } }).params.text)), resultsText]) {
      expect(numbersIn(text), text).not.toContain(2);
      for (const line of text.split("\n")) {
        if (/👥|repl|Delivered|• (Yes|No)/.test(line)) counts.push(...numbersIn(line.replace(/\(\d+%\)/g, "")));
      }
    }
    for (const bytes of workbooks) {
      for (const { sheet, row } of await workbookCells(bytes)) {
        expect(row, sheet).not.toContain(2);
        const responses =
          row[sheet.startsWith("Indicators by service") ? 3 : sheet.startsWith("Indicators by locality") ? 1 : -1];
        if (typeof responses === "number") counts.push(responses);
      }
    }
    const json = JSON.stringify(apiBodies);
    expect(json).not.toMatch(/[^\d.]2[,}\]]/); // no value 2
    const collect = (value: unknown, key = ""): void => {
      if (typeof value === "number" && /responses|current|previous|total|sent|failed|pending|replies|choices/.test(key))
        counts.push(value);
      else if (Array.isArray(value)) for (const v of value) collect(v, key);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    collect(apiBodies);

    // No two counts differ by 2 (8 − 6 would be the small service, or the No's).
    const distinct = [...new Set(counts)];
    expect(distinct.length).toBeGreaterThan(0);
    for (const a of distinct) for (const b of distinct) expect(Math.abs(a - b), `${a} and ${b}`).not.toBe(2);
  });

  it("passes the auditor with every delivery taken together", async () => {
    const district = await computeSummary(db.store, { period: WEEK, minCell: MIN_CELL });
    const ofTwo = await computeSummary(db.store, { period: WEEK, minCell: MIN_CELL, service: two });
    const ofSix = await computeSummary(db.store, { period: WEEK, minCell: MIN_CELL, service: six });
    const c = await db.store.consultations.get(consultationId);
    if (!c) throw new Error("no consultation");
    const together = union([
      district.disclosure,
      ofTwo.disclosure,
      ofSix.disclosure,
      (await consultationFigures(db.store, c, MIN_CELL)).audit,
    ]);
    expect(auditDelivery(together, MIN_CELL)).toEqual([]);
    expect(ofTwo.responses.current).toMatchObject({ type: "hidden", label: "<5" });
    expect(ofSix.responses.current).toMatchObject({ type: "hidden" });
  });
});

/** Several deliveries seen by one reader: a cell shown by any of them is known. */
function union(inputs: AuditInput[]): AuditInput {
  const cells = new Map<string, AuditInput["cells"][number]>();
  for (const input of inputs) {
    for (const cell of input.cells) {
      const known = cells.get(cell.key);
      if (!known || "shown" in cell || (!("shown" in known) && cell.published && !known.published)) cells.set(cell.key, cell);
    }
  }
  const sums = new Map(inputs.flatMap((i) => i.sums).map((s) => [`${s.total}=${s.parts.join("+")}`, s]));
  return { cells: [...cells.values()], sums: [...sums.values()] };
}
