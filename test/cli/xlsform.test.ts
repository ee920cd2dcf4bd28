import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedSurveys } from "../../src/cli/survey-file.ts";
import { interfaceText } from "../../src/cli/survey-input.ts";
import { createTranslate } from "../../src/i18n/index.ts";
import { describeIssue, exportXlsform, readXlsform } from "../../src/surveys/xlsform/index.ts";
import { readWorkbook, writeWorkbook } from "../../src/surveys/xlsform/workbook.node.ts";
import { glas } from "../support/cli.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";
import { headers4, type Rows, TEXTS, workbook } from "../support/xlsform.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-xlsform-"));
let db: TestDatabase;
beforeAll(() => {
  db = freshDatabase();
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const L = (ro: string, ru: string, uk: string, en: string) => [ro, ru, uk, en];
const HEAD = [
  "type",
  "name",
  ...headers4("label"),
  "required",
  "relevant",
  "constraint",
  ...headers4("constraint_message"),
  "appearance",
];
const NO_MESSAGE = ["", "", "", ""];

/** A feedback form as Kobo exports it: metadata rows, groups, a note, selected(), integer bounds. */
const KOBO: Record<string, Rows> = {
  survey: [
    HEAD,
    ["start", "start", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    ["end", "end", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    ["today", "today", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    ["deviceid", "deviceid", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    [
      "begin_group",
      "visit",
      ...L("Despre vizită", "О визите", "Про візит", "About the visit"),
      "",
      "",
      "",
      ...NO_MESSAGE,
      "field-list",
    ],
    [
      "select_one service",
      "service",
      ...L("Ce serviciu?", "Какая услуга?", "Яка послуга?", "Which service?"),
      "yes",
      "",
      "",
      ...NO_MESSAGE,
      "minimal",
    ],
    [
      "integer",
      "visits",
      ...L("Câte vizite?", "Сколько визитов?", "Скільки візитів?", "How many visits?"),
      "yes",
      "",
      ". >= 1 and . <= 30",
      ...L("Între 1 și 30", "От 1 до 30", "Від 1 до 30", "From 1 to 30"),
      "",
    ],
    ["end_group", "", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    ["note", "halfway", ...L("Încă puțin!", "Ещё немного!", "Ще трохи!", "Almost there!"), "", "", "", ...NO_MESSAGE, ""],
    ["begin group", "opinion", ...L("Părerea dvs.", "Ваше мнение", "Ваша думка", "Your view"), "", "", "", ...NO_MESSAGE, ""],
    [
      "select_multiple problems",
      "problems",
      ...L("Ce probleme?", "Какие проблемы?", "Які проблеми?", "What problems?"),
      "yes",
      "",
      "",
      ...NO_MESSAGE,
      "",
    ],
    [
      "text",
      "problem_other",
      ...L("Ce altă problemă?", "Какая другая проблема?", "Яка інша проблема?", "What other problem?"),
      "yes",
      "selected(${problems}, 'other')",
      "",
      ...NO_MESSAGE,
      "multiline",
    ],
    [
      "select_one yes_no",
      "recommend",
      ...L("Recomandați?", "Порекомендуете?", "Порекомендуєте?", "Recommend?"),
      "yes",
      "",
      "",
      ...NO_MESSAGE,
      "",
    ],
    ["integer", "age", ...L("Vârsta?", "Возраст?", "Вік?", "Age?"), "", "", ". >= 14 and . <= 110", ...NO_MESSAGE, ""],
    ["end group", "", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
    ["audit", "audit", "", "", "", "", "", "", "", ...NO_MESSAGE, ""],
  ],
  choices: [
    ["list_name", "name", ...headers4("label")],
    ["service", "home_care", ...L("Îngrijire la domiciliu", "Уход на дому", "Догляд вдома", "Home care")],
    ["service", "day_centre", ...L("Centru de zi", "Дневной центр", "Денний центр", "Day centre")],
    ["problems", "waiting", ...L("Așteptare lungă", "Долгое ожидание", "Довге очікування", "Long wait")],
    ["problems", "staff", ...L("Personal nepoliticos", "Невежливый персонал", "Неввічливий персонал", "Rude staff")],
    ["problems", "other", ...L("Altceva", "Другое", "Інше", "Something else")],
    ["yes_no", "yes", ...L("Da", "Да", "Так", "Yes")],
    ["yes_no", "no", ...L("Nu", "Нет", "Ні", "No")],
  ],
  settings: [
    [
      "form_id",
      "version",
      "default_language",
      ...headers4("form_title"),
      ...headers4("intro"),
      ...headers4("thanks"),
      "anonymous",
    ],
    [
      "kobo-feedback",
      "2026-11",
      "Română (ro)",
      ...L("Opinia dvs.", "Ваше мнение", "Ваша думка", "Your opinion"),
      ...L("Sondaj anonim.", "Анонимный опрос.", "Анонімне опитування.", "An anonymous survey."),
      ...L("Mulțumim!", "Спасибо!", "Дякуємо!", "Thank you!"),
      "yes",
    ],
  ],
};

const count = (text: string, part: string) => text.split(part).length - 1;

function answersOf(locale: string): Record<string, unknown> {
  const rows = db.sql
    .prepare(
      `SELECT a.question, a.value FROM "Answer" a JOIN "Response" r ON r.id = a."responseId" WHERE r.locale = ? AND r.status = 'completed'`,
    )
    .all(locale) as { question: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.question, JSON.parse(r.value)]));
}

describe("an XLSForm written in Excel, validated, imported and taken in the chat", () => {
  const file = path.join(dir, "kobo-feedback.xlsx");

  it("validates, with a note for each metadata row and idle appearance, and imports once", async () => {
    writeFileSync(file, await workbook(KOBO));
    const validated = await glas(["survey", "validate", file]);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('valid survey "kobo-feedback", 6 questions');
    for (const [row, type] of [
      [2, "start"],
      [3, "end"],
      [4, "today"],
      [5, "deviceid"],
      [17, "audit"],
    ] as const) {
      expect(validated.stderr).toContain(`note: sheet "survey", row ${row}, column "type": "${type}" is filled in by a phone`);
    }
    expect(validated.stderr).toContain('note: sheet "survey", row 7, column "appearance": "minimal" changes nothing in a chat');
    const env = { DATABASE_URL: db.url };
    expect((await glas(["survey", "import", file], { env })).stdout).toContain('Imported "kobo-feedback" as version 1.');
    expect((await glas(["survey", "import", file], { env })).stdout).toContain('"kobo-feedback" is unchanged (version 1).');
  });

  it("runs in Romanian: group labels once, the note, re-asks with the form's message, the follow-up shown", async () => {
    const input = ["1", "1", "45", "3", "1", "3", "4", "Nu era apă caldă", "1", "200", "70"].join("\n");
    const result = await glas(["simulate", "--survey", "kobo-feedback", "--lang", "ro"], {
      env: { DATABASE_URL: db.url },
      input: `${input}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(count(out, "Despre vizită")).toBe(1);
    expect(count(out, "Părerea dvs.")).toBe(1);
    expect(count(out, "Încă puțin!")).toBe(1);
    expect(out.indexOf("Încă puțin!")).toBeLessThan(out.indexOf("Ce probleme?"));
    expect(out).toContain("Între 1 și 30");
    expect(out).toContain("Ce altă problemă?");
    expect(out).toMatch(/cel mult 110/);
    expect(out.trim().endsWith("Mulțumim!")).toBe(true);
    expect(answersOf("ro")).toEqual({
      service: "home_care",
      visits: 3,
      problems: ["waiting", "other"],
      problem_other: "Nu era apă caldă",
      recommend: "yes",
      age: 70,
    });
  });

  it("runs in Russian: without 'other' the follow-up is skipped, and the optional age can be skipped", async () => {
    const input = ["1", "2", "0", "31", "2", "2", "4", "2", "#2"].join("\n");
    const result = await glas(["simulate", "--survey", "kobo-feedback", "--lang", "ru"], {
      env: { DATABASE_URL: db.url },
      input: `${input}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(count(out, "От 1 до 30")).toBe(2);
    expect(out).not.toContain("Какая другая проблема?");
    expect(count(out, "О визите")).toBe(1);
    expect(out).toContain("Ещё немного!");
    expect(out.trim().endsWith("Спасибо!")).toBe(true);
    expect(answersOf("ru")).toEqual({ service: "day_centre", visits: 2, problems: ["staff"], recommend: "no", age: null });
  });

  it("exports what was imported (XLSForm and YAML), and each export imports as unchanged", async () => {
    const env = { DATABASE_URL: db.url };
    for (const [format, out] of [
      ["xlsform", path.join(dir, "exported.xlsx")],
      ["yaml", path.join(dir, "exported.yaml")],
    ] as const) {
      const exported = await glas(["survey", "export", "kobo-feedback", "--format", format, "--out", out], { env });
      expect(exported.code, exported.stderr).toBe(0);
      expect((await glas(["survey", "import", out], { env })).stdout).toContain('"kobo-feedback" is unchanged (version 1).');
    }
  });
});

describe("the shipped surveys through XLSForm", () => {
  const t = createTranslate("en");
  const options = {
    yesNo: { yes: interfaceText(t, "survey.button.yes"), no: interfaceText(t, "survey.button.no") },
    texts: TEXTS,
    defaultLocale: "ro" as const,
  };

  it.each(shippedSurveys().map((s) => [s.slug, s] as const))(
    "%s is written to a workbook and read back unchanged",
    async (_slug, survey) => {
      const bytes = await writeWorkbook(exportXlsform(survey, options));
      const read = readXlsform(await readWorkbook(bytes), { texts: TEXTS });
      if (read.type !== "valid") throw new Error(read.issues.map(describeIssue).join("\n"));
      expect(read.survey).toEqual(survey);
      const stored = await db.store.surveys.import(read.survey);
      expect(stored.created).toBe(false);
      // Readable in Excel: a frozen, bold header row and columns wide enough for their text.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      for (const name of ["survey", "choices", "settings"]) {
        const ws = wb.getWorksheet(name);
        expect(ws?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(ws?.getRow(1).font?.bold).toBe(true);
        for (const column of ws?.columns ?? []) expect(column.width ?? 0).toBeGreaterThanOrEqual(10);
      }
      expect(wb.getWorksheet("survey")?.getColumn(3).width).toBeGreaterThan(30);
    },
  );

  it("export refuses an unknown survey (exit 1) and a wrong format (exit 2)", async () => {
    const env = { DATABASE_URL: db.url };
    const unknown = await glas(["survey", "export", "nothing", "--out", path.join(dir, "x.xlsx")], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No stored survey "nothing"');
    const wrong = await glas(["survey", "export", "child-feedback", "--format", "pdf", "--out", path.join(dir, "x.pdf")], {
      env,
    });
    expect(wrong.code).toBe(2);
  });
});
