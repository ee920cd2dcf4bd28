import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { glas } from "../support/cli.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

const survey = YAML.parse(readFileSync("surveys/beneficiary-satisfaction.yaml", "utf8"));

let db: TestDatabase;
beforeAll(() => {
  db = freshDatabase();
});
afterAll(() => db.close());

// One line per message; a lone number presses that button.
const ANSWERS = [
  "1", // consent: agree
  "2", // visit_frequency: every week
  "4", // staff_respect: 4
  "5", // info_rights: 5
  "3", // participation: 3
  "4", // accessibility: 4
  "1", // confidentiality: yes
  "2", // knows_complaints: no → the follow-up is shown
  "1", // complaints_info_wanted: yes
  "5", // overall_satisfaction: 5
  "11", // recommend: the 11th button is 10
  "1", // improvements: tick staff time
  "3", // improvements: tick transport
  "7", // improvements: Done
];
const COMMENT: Record<string, string> = {
  ro: "Mulțumesc, asistenta socială vine la timp.",
  ru: "Спасибо, соцработник приходит вовремя.",
  uk: "Дякую, соціальна працівниця приходить вчасно.",
  en: "Thank you, the social worker comes on time.",
};

const answersOf = (file: string, locale: string) => {
  const sql = new Database(file, { readonly: true });
  try {
    const rows = sql
      .prepare(
        `SELECT a.question, a.value FROM "Answer" a JOIN "Response" r ON r.id = a."responseId" WHERE r.locale = ? AND r.status = 'completed'`,
      )
      .all(locale) as { question: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.question, JSON.parse(r.value)]));
  } finally {
    sql.close();
  }
};

describe("glas simulate with piped input", () => {
  it.each([
    { locale: "ro", pick: "1" },
    { locale: "ru", pick: "2" },
    { locale: "uk", pick: "3" },
    { locale: "en", pick: "4" },
  ])("completes the default survey in $locale, choosing the language from the list", async ({ locale, pick }) => {
    const input = [pick, ...ANSWERS, COMMENT[locale]].join("\n");
    const result = await glas(["simulate"], { env: { DATABASE_URL: db.url }, input: `${input}\n` });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(survey.intro[locale].split("\n")[0]);
    expect(result.stdout).toContain(survey.questions[1].label[locale]);
    expect(result.stdout.trim().endsWith(survey.thanks[locale].trim())).toBe(true);
    expect(answersOf(db.file, locale)).toEqual({
      visit_frequency: "weekly",
      staff_respect: 4,
      info_rights: 5,
      participation: 3,
      accessibility: 4,
      confidentiality: "yes",
      knows_complaints: "no",
      complaints_info_wanted: "yes",
      overall_satisfaction: 5,
      recommend: 10,
      improvements: ["staff_time", "transport"],
      comment: COMMENT[locale],
    });
  });

  it("skips the language list with --lang and asks again, in that language, when a word is typed for a button", async () => {
    const result = await glas(["simulate", "--lang", "uk"], { env: { DATABASE_URL: db.url }, input: "1\nдобре\n" });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("Română");
    expect(result.stdout).toContain(survey.questions[0].label.uk);
    expect(result.stdout).toMatch(/кнопок|кнопки|кнопку/);
  });

  it("exits cleanly when input ends in the middle of the survey, keeping what was answered", async () => {
    const result = await glas(["simulate", "--lang", "en", "--service", "DEMO"], {
      env: { DATABASE_URL: db.url },
      input: "1\n1\n",
    });
    expect(result.code).toBe(0);
    const sql = new Database(db.file, { readonly: true });
    const sessions = sql.prepare(`SELECT state FROM "Session"`).all() as { state: string }[];
    const responses = sql
      .prepare(`SELECT count(*) AS n FROM "Response" r JOIN "Service" s ON s.id = r."serviceId" WHERE s.code = 'DEMO'`)
      .get() as { n: number };
    sql.close();
    // An anonymous survey's answers wait in the session until it is completed: nothing is written
    // to the responses before, so no half-filled response can be lined up with its person.
    const unfinished = sessions.map((s) => JSON.parse(s.state)).find((s) => Object.keys(s.answers ?? {}).length > 0);
    expect(unfinished).toBeDefined();
    expect(Object.keys(unfinished.answers)).toHaveLength(1);
    expect(unfinished.service).not.toBeNull();
    expect(responses.n).toBe(0);
  });

  it("refuses an unknown language with a usage error", async () => {
    const result = await glas(["simulate", "--lang", "de"], { env: { DATABASE_URL: db.url } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--lang must be one of ro, ru, uk, en");
  });
});

describe("logs", () => {
  it("record what happened without what the person typed", async () => {
    const secretWords = "Numele meu este Ion Popescu, telefon 069123456";
    const input = ["1", ...ANSWERS, secretWords].join("\n");
    const result = await glas(["simulate", "--lang", "ro", "--user", "person-with-a-name"], {
      env: { DATABASE_URL: db.url, LOG_LEVEL: "debug", TELEGRAM_BOT_TOKEN: "123456:ABCdefGhIJKlmNoPQRstuVWXyz0123456789" },
      input: `${input}\n`,
    });
    expect(result.code).toBe(0);
    const lines = result.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === "event handled").length).toBeGreaterThan(10);
    for (const forbidden of ["Ion Popescu", "069123456", "person-with-a-name", "ABCdefGhIJKlmNoPQRstuVWXyz"]) {
      expect(result.stderr).not.toContain(forbidden);
    }
  });
});
