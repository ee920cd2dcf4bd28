import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseString } from "@fast-csv/parse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Locale } from "../../src/engine/locale.ts";
import { answerTable } from "../../src/reports/answers.ts";
import { exportAnswers } from "../../src/reports/export.node.ts";
import { writeCsv } from "../../src/reports/export-csv.node.ts";
import { exportInMemory, XLSX_IN_MEMORY_MAX_ROWS } from "../../src/reports/export-xlsx.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "../support/db.ts";
import { exportScenario, FORMULA, STORY } from "./export-fixture.ts";

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await exportScenario(db.store);
  dir = mkdtempSync(path.join(tmpdir(), "glas-export-"));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const TZ = "Europe/Chisinau";

function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString<string[], string[]>(text, { headers: false })
      .on("data", (row: string[]) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

async function csv(locale: Locale, name: string): Promise<{ bytes: Buffer; rows: string[][] }> {
  const out = path.join(dir, name);
  const result = await exportAnswers(db.store, {
    survey: "export-test",
    locale,
    format: "csv",
    out,
    sheetName: "x",
    timeZone: TZ,
  });
  expect(result).toEqual({ rows: 4, file: out });
  const bytes = readFileSync(out);
  return { bytes, rows: await parseCsv(bytes.toString("utf8").replace(/^\uFEFF/, "")) };
}

describe("CSV export", () => {
  it("starts with a UTF-8 byte-order mark and ends records with CRLF", async () => {
    const { bytes } = await csv("ro", "bom.csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toMatch(/"Câte ore\?","Ne-ați recomanda\?"\r\n"1",/);
  });

  it.each([
    {
      locale: "ro" as const,
      labels: ["Nr.", "Completat la", "Serviciul", "Localitatea", "Limba", "Cât de des veniți?"],
      yes: "Da",
    },
    {
      locale: "ru" as const,
      labels: ["№", "Заполнено", "Услуга", "Населённый пункт", "Язык", "Как часто Вы приходите?"],
      yes: "Да",
    },
  ])("reads back with $locale labels and values", async ({ locale, labels, yes }) => {
    const { rows } = await csv(locale, `labels-${locale}.csv`);
    expect(rows).toHaveLength(5);
    expect(rows[0]?.slice(0, 6)).toEqual(labels);
    expect(rows[2]?.[7]).toBe(yes);
    expect(rows.slice(1).map((r) => r.length)).toEqual([13, 13, 13, 13]);
  });

  it("quotes commas, quotes and line breaks (RFC 4180) and keeps formulas from running", async () => {
    const { bytes, rows } = await csv("ro", "quoting.csv");
    expect(rows[3]?.[10]).toBe(STORY);
    expect(rows[4]?.[10]).toBe(`'${FORMULA}`);
    expect(rows[1]?.[2]).toBe("Centrul de zi „Speranța”");
    const text = bytes.toString("utf8");
    expect(text).toContain(`"Bine, ""foarte"" bine,\nmulțumesc; ș ț Ș Ț"`);
    expect(text).toContain(',"Rar, foarte rar",');
    expect(rows[3]?.[11]).toBe("12.5");
    expect(rows[2]?.[9]).toBe(""); // skipped
    // Every field quoted, empty ones and numbers too.
    for (const line of text
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter((l) => l !== "" && !l.includes("\n"))) {
      expect(line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
    }
  });

  it.each([
    { typed: "a\n=5+5", written: "a\n'=5+5" },
    { typed: "=1+1\r\n+2\r-3\n@SUM(A1)\n\tx", written: "'=1+1\r\n'+2\r'-3\n'@SUM(A1)\n'\tx" },
    { typed: "\r=HYPERLINK()", written: "'\r'=HYPERLINK()" },
    { typed: "fine\nlines - and = inside", written: "fine\nlines - and = inside" },
  ])("keeps a formula from starting any line of a field: $typed", async ({ typed, written }) => {
    const out = path.join(dir, `lines-${written.length}.csv`);
    async function* rows() {
      yield [1, typed, null];
    }
    await writeCsv(
      { header: ["Nr.", "=Comment", "Empty"], types: ["number", "text", "text"], rows: rows(), total: 1 },
      out,
      () => {},
    );
    const text = readFileSync(out, "utf8").replace(/^\uFEFF/, "");
    expect(text).toBe(`"Nr.","'=Comment","Empty"\r\n"1","${written}",""\r\n`);
    // No line of the file, inside a field or not, starts like a formula.
    for (const line of text.split(/\r\n|\n|\r/)) expect(line).not.toMatch(/^[=+\-@\t]/);
  });
});

/** The .xlsx export of the test survey in Ukrainian, by either writer. */
const XLSX_WRITERS = {
  "streamed (Node)": async (): Promise<Buffer> => {
    const out = path.join(dir, "answers.xlsx");
    await exportAnswers(db.store, {
      survey: "export-test",
      locale: "uk",
      format: "xlsx",
      out,
      sheetName: "Відповіді",
      timeZone: TZ,
    });
    return readFileSync(out);
  },
  "in memory (Workers)": async (): Promise<Buffer> => {
    const table = await answerTable(db.store, { survey: "export-test", locale: "uk", timeZone: TZ });
    let rows = 0;
    const body = await exportInMemory(table, "xlsx", "Відповіді", () => rows++);
    expect(rows).toBe(4);
    return Buffer.from(await new Response(body).arrayBuffer());
  },
};

describe("XLSX export", () => {
  it.each(Object.keys(XLSX_WRITERS) as (keyof typeof XLSX_WRITERS)[])(
    "%s: has a frozen header, a filter over every column, numbers as numbers and days as dates",
    async (writer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await XLSX_WRITERS[writer]()) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet("Відповіді");
      if (!sheet) throw new Error("no sheet");
      expect(sheet.rowCount).toBe(5);
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        "№",
        "Заповнено",
        "Послуга",
        "Населений пункт",
        "Мова",
        "Як часто Ви приходите?",
        "Cum apreciați serviciul? (uk)",
        "Helped? (uk)",
        "Asked? (uk)",
        "Чого бракує?",
        "Your story (uk)",
        "How many hours? (uk)",
        "Recommend? (uk)",
      ]);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBe("A1:M1");
      const third = sheet.getRow(4);
      expect(third.getCell(1).value).toBe(3);
      expect(third.getCell(7).value).toBe(5);
      expect(third.getCell(12).value).toBe(12.5);
      expect(third.getCell(11).value).toBe(STORY);
      expect(third.getCell(8).value).toBe("Ні");
      const completed = third.getCell(2).value;
      expect(completed).toBeInstanceOf(Date);
      // Excel times have no zone: the cell holds Chisinau's wall clock (UTC+2 in March).
      expect((completed as Date).toISOString()).toBe("2026-03-03T00:00:00.000Z");
      expect(third.getCell(2).numFmt).toBe("yyyy-mm-dd");
      for (let c = 1; c <= 13; c++) {
        const width = sheet.getColumn(c).width ?? 0;
        expect(width).toBeGreaterThanOrEqual(6);
        expect(width).toBeLessThanOrEqual(40);
      }
    },
  );

  it("in memory, refuses more rows than it may hold, before reading any, and names CSV", async () => {
    const table = await answerTable(db.store, { survey: "export-test", locale: "en", timeZone: TZ });
    const rows = vi.fn();
    const refused = exportInMemory({ ...table, total: XLSX_IN_MEMORY_MAX_ROWS + 1 }, "xlsx", "Answers", rows);
    await expect(refused).rejects.toMatchObject({
      name: "OperationError",
      kind: "unavailable",
      message: expect.stringContaining("csv"),
    });
    expect(rows).not.toHaveBeenCalled();
  });
});

describe("a failed export", () => {
  it("leaves no half-written file and keeps an earlier file of that name", async () => {
    const out = path.join(dir, "fails", "answers.csv");
    await exportAnswers(db.store, { survey: "export-test", locale: "ro", format: "csv", out, sheetName: "x" });
    const before = readFileSync(out);
    writeFileSync(out, before);
    const page = vi.spyOn(db.store.exports, "page").mockRejectedValueOnce(new Error("disk on fire"));
    await expect(
      exportAnswers(db.store, { survey: "export-test", locale: "ru", format: "csv", out, sheetName: "x" }),
    ).rejects.toThrow("disk on fire");
    page.mockRestore();
    expect(readdirSync(path.dirname(out))).toEqual(["answers.csv"]);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(existsSync(path.join(dir, "fails", "none.xlsx"))).toBe(false);
    await expect(
      exportAnswers(db.store, {
        survey: "nope",
        locale: "ro",
        format: "xlsx",
        out: path.join(dir, "fails", "none.xlsx"),
        sheetName: "x",
      }),
    ).rejects.toThrow('no survey "nope"');
    expect(readdirSync(path.dirname(out))).toEqual(["answers.csv"]);
  });
});
