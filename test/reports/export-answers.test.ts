import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedAnswers } from "../../bench/seed.ts";
import {
  type AnswerCell,
  answerTable,
  dayFormatter,
  UnknownServiceError,
  UnknownSurveyError,
} from "../../src/reports/answers.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "../support/db.ts";
import { exportScenario, FORMULA, SECRET_NOTE, STORY } from "./export-fixture.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await exportScenario(db.store);
});
afterAll(() => db.close());

async function collect(rows: AsyncIterable<AnswerCell[]>): Promise<AnswerCell[][]> {
  const out: AnswerCell[][] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const TZ = "Europe/Chisinau";

describe("answerTable", () => {
  it("has one row per completed response of every version, one column per question, labels in the chosen language", async () => {
    const table = await answerTable(db.store, { survey: "export-test", locale: "ro", timeZone: TZ });
    expect(table.header).toEqual([
      "Nr.",
      "Completat la",
      "Serviciul",
      "Localitatea",
      "Limba",
      "Cât de des veniți?",
      "Cum apreciați serviciul?", // the newest version's label
      "Ați primit ajutor?",
      "Ați cerut ajutor?",
      "Ce lipsește?",
      "Povestea dvs.",
      "Câte ore?",
      "Ne-ați recomanda?", // only version 1 had it: still a column, after the current ones
    ]);
    expect(table.types).toEqual([
      "number",
      "date",
      "text",
      "text",
      "text",
      "text",
      "number",
      "text",
      "text",
      "text",
      "text",
      "number",
      "number",
    ]);
    expect(table.total).toBe(4);
    const rows = await collect(table.rows);
    expect(rows).toHaveLength(4);
    const times = rows.map((r) => r[1]);
    // The local day only: in a small service the minute of an answer could tell who gave it.
    expect(times[0]).toBe("2026-03-01");
    expect(times[2]).toBe("2026-03-03");
    expect(rows.map((r) => r.slice(2)).map((r) => r.map((c) => c))).toEqual([
      ["Centrul de zi „Speranța”", "Ungheni", "Română", "Săptămânal", 4, "Nu", "Da", "Timp; Rampă", null, null, 9],
      ["Echipa mobilă", "Bălți", "Русский", "Zilnic", 2, "Da", null, null, null, null, 3],
      ["Centrul de zi „Speranța”", "Ungheni", "English", "Rar, foarte rar", 5, "Nu", "Nu", "Informație", STORY, 12.5, null],
      [null, null, "Українська", "Zilnic", 1, "Da", null, null, FORMULA, 0, null],
    ]);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
  });

  it("never shows a text question that no version marked shareable, nor anything identifying", async () => {
    const table = await answerTable(db.store, { survey: "export-test", locale: "en" });
    const everything = JSON.stringify([table.header, await collect(table.rows)]);
    expect(table.header).not.toContain("Private note");
    expect(everything).not.toContain(SECRET_NOTE);
    expect(everything).not.toContain("private");
    const ids = db.sql.prepare(`SELECT id FROM "Response" UNION SELECT "platformId" FROM "Respondent"`).all() as { id: string }[];
    expect(ids.length).toBeGreaterThan(4);
    for (const { id } of ids) expect(everything).not.toContain(id);
  });

  it("writes the local day the response was completed on (stored as that day's start), nothing finer", async () => {
    const [first] = await collect(
      (await answerTable(db.store, { survey: "export-test", locale: "en", timeZone: "Europe/Chisinau" })).rows,
    );
    expect(first?.[1]).toBe("2026-03-01");
    // 23:30 UTC on 28 February 2026 is already 1 March in Chisinau (UTC+2).
    expect(dayFormatter("Europe/Chisinau")(new Date("2026-02-28T23:30:00Z"))).toBe("2026-03-01");
    expect(dayFormatter(undefined)(new Date("2026-02-28T23:30:00Z"))).toBe("2026-02-28");
  });

  it.each([
    {
      label: "from a day on",
      options: { from: new Date("2026-03-02T00:00:00+02:00") },
      expected: ["Русский", "English", "Українська"],
    },
    { label: "before a moment", options: { to: new Date("2026-03-03T00:00:00+02:00") }, expected: ["Română", "Русский"] },
    {
      label: "in a window",
      // Responses keep their local day only: a bound counts the days that start within it.
      options: { from: new Date("2026-03-02T00:00:00+02:00"), to: new Date("2026-03-04T00:00:00+02:00") },
      expected: ["Русский", "English"],
    },
    { label: "of one service", options: { serviceCode: "EXA" }, expected: ["Română", "English"] },
  ])("keeps only the responses $label", async ({ options, expected }) => {
    const table = await answerTable(db.store, { survey: "export-test", locale: "ro", ...options });
    const rows = await collect(table.rows);
    expect(rows.map((r) => r[4])).toEqual(expected);
    expect(table.total).toBe(expected.length);
    expect(rows.map((r) => r[0])).toEqual(expected.map((_, i) => i + 1));
  });

  it("gives the same rows whatever the page size", async () => {
    const whole = await collect((await answerTable(db.store, { survey: "export-test", locale: "ru" })).rows);
    const paged = await collect((await answerTable(db.store, { survey: "export-test", locale: "ru", pageSize: 1 })).rows);
    expect(paged).toEqual(whole);
    expect(whole[1]?.slice(5, 8)).toEqual(["Каждый день", 2, "Да"]);
  });

  it("names an unknown survey or service", async () => {
    await expect(answerTable(db.store, { survey: "nope", locale: "ro" })).rejects.toBeInstanceOf(UnknownSurveyError);
    await expect(answerTable(db.store, { survey: "export-test", locale: "ro", serviceCode: "NOPE" })).rejects.toBeInstanceOf(
      UnknownServiceError,
    );
  });
});

describe("answerTable on thousands of responses", () => {
  let big: TestDatabase;
  beforeAll(async () => {
    big = freshDatabase();
    await seedAnswers(big.file, {
      answers: 30_000,
      services: 4,
      localities: 2,
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2026-01-01T00:00:00Z"),
      seed: 7,
    });
  });
  afterAll(() => big.close());

  it("streams them page by page, in completion order, each once", async () => {
    const expected = (big.sql.prepare(`SELECT count(*) AS n FROM "Response" WHERE status = 'completed'`).get() as { n: number })
      .n;
    expect(expected).toBeGreaterThan(2500);
    const page = vi.spyOn(big.store.exports, "page");
    const table = await answerTable(big.store, { survey: "beneficiary-satisfaction", locale: "en", pageSize: 1000 });
    expect(table.total).toBe(expected);
    let n = 0;
    let previous = "";
    let callsAtFirstRow = 0;
    for await (const row of table.rows) {
      if (n === 0) callsAtFirstRow = page.mock.calls.length;
      n++;
      expect(row[0]).toBe(n);
      const at = row[1] as string;
      expect(at >= previous).toBe(true);
      previous = at;
    }
    expect(n).toBe(expected);
    expect(callsAtFirstRow).toBe(1); // the first row comes before the rest is read
    expect(page.mock.calls.length).toBe(Math.floor(expected / 1000) + 1);
    for (const [, , limit] of page.mock.calls) expect(limit).toBe(1000);
  });

  it("matches the answers in the database, question by question", async () => {
    const table = await answerTable(big.store, { survey: "beneficiary-satisfaction", locale: "en" });
    const rows = await collect(table.rows);
    const column = table.header.indexOf("Overall, how do you rate the service?");
    const sum = rows.reduce((s, r) => s + ((r[column] as number | null) ?? 0), 0);
    const expected = big.sql.prepare(`SELECT sum(number) AS s FROM "Answer" WHERE question = 'overall_satisfaction'`).get() as {
      s: number;
    };
    expect(sum).toBe(expected.s);
    const followUp = table.header.indexOf("Would you like to be told how to make a complaint?");
    const asked = rows.filter((r) => r[followUp] !== null).length;
    const stored = big.sql
      .prepare(`SELECT count(*) AS n FROM "Answer" WHERE question = 'complaints_info_wanted' AND value != 'null'`)
      .get() as { n: number };
    expect(asked).toBe(stored.n);
    expect(table.header).not.toContain("Is there anything else you would like to tell us?"); // not shareable
  });
});
