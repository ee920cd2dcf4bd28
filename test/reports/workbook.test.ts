import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeSummaryBuilder } from "../../src/reports/build.node.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary, type Summary } from "../../src/reports/summary.ts";
import { createWorkbookWriter } from "../../src/reports/workbook.ts";
import { freshDatabase, type TestDatabase, t } from "../support/db.ts";
import { EXAMPLE_NOW, seedExampleWeek } from "./fixtures.ts";

let db: TestDatabase;
let summary: Summary;
let book: ExcelJS.Workbook;

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

beforeAll(async () => {
  db = freshDatabase();
  await seedExampleWeek(db);
  summary = await computeSummary(db.store, { period: weekContaining(new Date(EXAMPLE_NOW), "Europe/Chisinau"), minCell: 5 });
  book = await read(await createWorkbookWriter({ t })(summary, "en"));
});

afterAll(async () => {
  await db.close();
});

const sheet = (name: string) => {
  const found = book.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

describe("the summary workbook", () => {
  it("has the four sheets of figures, named in the reader's language, and no row per response", async () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(["Summary", "Indicators by service", "Indicators by locality", "Ranking"]);
    const ro = await read(await createWorkbookWriter({ t })(summary, "ro"));
    expect(ro.worksheets.map((s) => s.name)).toEqual([
      "Rezumat",
      "Indicatori pe servicii",
      "Indicatori pe localități",
      "Clasament",
    ]);
  });

  it("freezes and filters every header row", () => {
    for (const s of book.worksheets) {
      expect(s.views[0], s.name).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(s.autoFilter, s.name).toBeTruthy();
      expect(s.getRow(1).font?.bold, s.name).toBe(true);
    }
  });

  it("sums up the period with numbers, percentages and their formats", () => {
    const s = sheet("Summary");
    expect(values(s, 1)).toEqual(["Figure", "This period", "Previous period", "Change, pp", "Trend"]);
    const row = (label: string) => {
      for (let r = 2; r <= s.rowCount; r++) if (s.getRow(r).getCell(1).value === label) return s.getRow(r);
      throw new Error(`no row ${label}`);
    };
    expect(row("Completed responses").getCell(2).value).toBe(19);
    expect(row("Completed responses").getCell(4).value).toBe(9);
    expect(row("Satisfied overall (rating 4–5)").getCell(2).value).toBe(0.6);
    expect(row("Satisfied overall (rating 4–5)").getCell(2).numFmt).toBe("0%");
    expect(row("Mean overall rating (1–5)").getCell(2).value).toBe(3.6);
    expect(row("NPS (promoters minus detractors)").getCell(2).value).toBe(20);
    const dignity = row("Dignity and respect");
    expect(dignity.getCell(2).value).toBeCloseTo(14 / 19, 10);
    expect(dignity.getCell(3).value).toBe(1);
    expect(dignity.getCell(4).value).toBeCloseTo((14 / 19 - 1) * 100, 10);
    expect(dignity.getCell(4).numFmt).toBe("+0.0;-0.0;0.0");
    expect(dignity.getCell(5).value).toBe("↓");
  });

  it("breaks the indicators down by service, with hidden cells as <5 or x and a total row", () => {
    const s = sheet("Indicators by service");
    const header = values(s, 1);
    expect(header.slice(0, 5)).toEqual(["Code", "Service", "Locality", "Responses", "Dignity and respect"]);
    const rows = Array.from({ length: s.rowCount - 1 }, (_, i) => values(s, i + 2));
    const byCode = (code: string | undefined) => rows.find((r) => r[0] === code) ?? [];
    expect(byCode("A").slice(0, 5)).toEqual(["A", "Service A", "Ialoveni", 10, 0.8]);
    expect(byCode("B").slice(3, 5)).toEqual(["<5", "<5"]);
    expect(byCode("C").slice(3, 5)).toEqual(["x", "x"]); // hidden so that 19 − 10 − C cannot give B
    const total = rows[rows.length - 1] ?? [];
    expect(total[1]).toBe("All");
    expect(total[3]).toBe(19);
    expect(s.getRow(2).getCell(5).numFmt).toBe("0%");
    // Widths fit the content: the longest service name and the header.
    expect(s.getColumn(2).width).toBeGreaterThanOrEqual("Demo day centre".length);
    expect(s.getColumn(5).width).toBeGreaterThanOrEqual("Dignity and respect".length);
    // Nothing of B's shows as a number: its 3 questionnaires could be read off any of them.
    expect(byCode("B").filter((v) => typeof v === "number")).toEqual([]);
  });

  it("breaks them down by locality", () => {
    const s = sheet("Indicators by locality");
    const rows = Array.from({ length: s.rowCount - 1 }, (_, i) => values(s, i + 2));
    // Costești is B alone; Ialoveni is hidden, or 19 minus it would give Costești, and so B, away.
    expect(rows.find((r) => r[0] === "Costești")?.slice(0, 2)).toEqual(["Costești", "<5"]);
    expect(rows.find((r) => r[0] === "Ialoveni")?.slice(0, 2)).toEqual(["Ialoveni", "x"]);
    expect(rows[rows.length - 1]?.slice(0, 2)).toEqual(["All", 19]);
  });

  it("ranks the services, with the interval, and lists the others as not enough answers", () => {
    const s = sheet("Ranking");
    expect(values(s, 1)).toEqual([
      "Rank",
      "Code",
      "Service",
      "Responses",
      "Rights index",
      "95% interval, from",
      "95% interval, to",
      "Status",
    ]);
    const first = values(s, 2);
    expect(first.slice(0, 5)).toEqual([1, "A", "Service A", 10, 0.7]);
    expect(first[5] as number).toBeCloseTo(0.481, 3);
    expect(first[6] as number).toBeCloseTo(0.8545, 3);
    expect(s.getRow(2).getCell(6).numFmt).toBe("0%");
    const b = Array.from({ length: s.rowCount - 1 }, (_, i) => values(s, i + 2)).find((r) => r[1] === "B");
    expect(b?.[3]).toBe("<5");
    expect(b?.[7]).toBe("not enough answers");
  });

  it("explains both marks in a note", () => {
    const s = sheet("Summary");
    const note = String(s.getRow(s.rowCount).getCell(1).value);
    expect(note).toContain("“<5”");
    expect(note).toContain("“x”");
  });
});

describe("buildSummary, as a scheduler calls it", () => {
  it("gives the text, the chart and the workbook of one period in one language", async () => {
    const builder = createNodeSummaryBuilder({ store: db.store, t, minCell: 5 });
    const built = await builder.buildSummary(weekContaining(new Date(EXAMPLE_NOW), "Europe/Chisinau"), "uk");
    expect(built.text.split("\n")[0]).toBe("📊 Підсумки тижня");
    expect(built.summary.responses.current).toEqual({ type: "shown", n: 19 });
    expect(Buffer.from(built.chartPng.subarray(1, 4)).toString("latin1")).toBe("PNG");
    expect((await read(built.workbook)).worksheets[0]?.name).toBe("Підсумки");
  });
});
