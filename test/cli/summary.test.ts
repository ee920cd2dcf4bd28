import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respond, seedExampleWeek } from "../reports/fixtures.ts";
import { glas } from "../support/cli.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-summary-"));
let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  db = freshDatabase();
  await seedExampleWeek(db);
  // One questionnaire a week ago, for a service of its own: the last full week, whatever today is.
  const recent = await db.store.services.add({ code: "RECENT", name: "Recent service", locality: "Ialoveni" });
  await respond(db.store, {
    service: recent,
    at: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    answers: { staff_respect: 5 },
  });
  env = { DATABASE_URL: db.url, TIMEZONE: "Europe/Chisinau", DEFAULT_LOCALE: "ro", MIN_CELL: "5" };
});

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("glas summary", () => {
  it("prints the summary of chosen days and writes the workbook and the chart", async () => {
    const out = path.join(dir, "week.xlsx");
    const chart = path.join(dir, "week.png");
    const result = await glas(
      ["summary", "--from", "2026-11-16", "--to", "2026-11-22", "--service", "A", "--lang", "en", "--out", out, "--chart", chart],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("16\u2009–\u200922 Nov 2026 · Service A");
    expect(result.stdout).toContain("👥 10 responses (0 on the period before)");
    expect(result.stdout).toContain("↓ Dignity and respect: 80%");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((s) => s.name)).toContain("Indicators by service");
    const png = PNG.sync.read(readFileSync(chart));
    expect(png.width).toBe(1080);
  });

  it("reports on the last full week by default, in DEFAULT_LOCALE, for one service", async () => {
    const result = await glas(["summary", "--service", "RECENT"], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("📊 Rezumatul săptămânii");
    expect(result.stdout).toContain("Recent service");
    // One person: fewer than MIN_CELL, even printed on the server.
    expect(result.stdout).toContain("👥 Răspunsuri: <5");
  });

  it("reports on a month in Russian", async () => {
    const result = await glas(["summary", "--period", "month", "--lang", "ru"], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("📊 Итоги месяца");
  });

  it.concurrent.each([
    { args: ["--period", "year"], message: "--period must be week or month" },
    { args: ["--from", "2026-11-16"], message: "--from and --to go together" },
    { args: ["--from", "2026-02-30", "--to", "2026-03-01"], message: "is not a date" },
    { args: ["--period", "week", "--from", "2026-11-16", "--to", "2026-11-22"], message: "either --period or --from" },
    { args: ["--lang", "de"], message: "--lang must be one of" },
  ])("exits 2 on wrong usage: $args", async ({ args, message }) => {
    const result = await glas(["summary", ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("exits 1 for an unknown service and writes no file", async () => {
    const out = path.join(dir, "none.xlsx");
    const result = await glas(["summary", "--service", "NOPE", "--out", out], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No service with code "NOPE"');
    expect(existsSync(out)).toBe(false);
  });
});
