import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportScenario, STORY } from "../reports/export-fixture.ts";
import { glas } from "../support/cli.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "../support/db.ts";

let db: TestDatabase;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await exportScenario(db.store);
  dir = mkdtempSync(path.join(tmpdir(), "glas-export-cli-"));
  env = { DATABASE_URL: db.url, TIMEZONE: "Europe/Chisinau", DEFAULT_LOCALE: "ro" };
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("glas export", () => {
  it("writes a CSV with no platform or response id in it and says how many and where", async () => {
    const out = path.join(dir, "answers.csv");
    const result = await glas(["export", "--survey", "export-test", "--format", "csv", "--out", out, "--lang", "ru"], { env });
    expect(result.stderr).toBe(""); // not a terminal: no progress bar
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Выгружено 4 заполненные анкеты в ${out}.\n`);
    const text = readFileSync(out, "utf8");
    expect(text.startsWith(`\uFEFF"№","Заполнено","Услуга"`)).toBe(true);
    expect(text).toContain(`"${STORY.replaceAll('"', '""')}"`);
    const secrets = db.sql.prepare(`SELECT "platformId" AS v FROM "Respondent" UNION SELECT id FROM "Response"`).all() as {
      v: string;
    }[];
    expect(secrets.map((s) => s.v)).toContain("7700000001");
    for (const { v } of secrets) expect(text).not.toContain(v);
    expect(readdirSync(dir)).toEqual(["answers.csv"]);
  });

  it("writes an Excel file of whole local days, by the --out extension", async () => {
    const out = path.join(dir, "march.xlsx");
    const result = await glas(
      ["export", "--survey", "export-test", "--out", out, "--from", "2026-03-02", "--to", "2026-03-03", "--service", "EXA"],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Am exportat 1 chestionar completat în ${out}.\n`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet("Răspunsuri");
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(3).value).toBe("Centrul de zi „Speranța”");
  });

  it.each([
    {
      label: "an unknown survey",
      args: ["--survey", "nope"],
      stderr: "Nu există chestionarul „nope”: vedeți „glas survey list”.\n",
    },
    {
      label: "an unknown service",
      args: ["--survey", "export-test", "--service", "NOPE"],
      stderr: "Nu există niciun serviciu cu codul „NOPE”: vedeți „glas service list”.\n",
    },
  ])("fails with exit code 1 and one clear line for $label, writing nothing", async ({ args, stderr }) => {
    const out = path.join(dir, "failed", "x.csv");
    const result = await glas(["export", ...args, "--out", out], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(stderr);
    expect(existsSync(path.dirname(out)) ? readdirSync(path.dirname(out)) : []).toEqual([]);
  });

  it("answers wrong usage with exit code 2", async () => {
    const out = path.join(dir, "usage.csv");
    const cases: [string[], RegExp][] = [
      [["--survey", "export-test", "--out", out, "--format", "pdf"], /--format must be csv or xlsx, not "pdf"/],
      [["--survey", "export-test", "--out", path.join(dir, "x.txt")], /--format is needed/],
      [["--survey", "export-test", "--out", out, "--lang", "fr"], /unknown language "fr"/],
      [["--survey", "export-test", "--out", out, "--from", "2026-02-30"], /--from: "2026-02-30" is not a date/],
      [["--survey", "export-test", "--out", out, "--to", "yesterday"], /--to must be a date like/],
      [["--survey", "export-test", "--out", out, "--from", "2026-03-05", "--to", "2026-03-01"], /--from must come before --to/],
      [["--out", out], /required option '--survey <slug>'/],
    ];
    const results = await Promise.all(cases.map(([args]) => glas(["export", ...args], { env })));
    results.forEach((result, i) => {
      expect(result.code, cases[i]?.[0].join(" ")).toBe(2);
      expect(result.stderr).toMatch(cases[i]?.[1] as RegExp);
    });
    expect(existsSync(out)).toBe(false);
  });
});
