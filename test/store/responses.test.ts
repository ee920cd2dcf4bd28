import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletedResponse } from "../../src/store/ports.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "../support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
});
afterAll(() => db.close());

const DAY = new Date("2026-03-01T22:00:00.000Z"); // 2 March starts then in Chisinau

async function completed(id: string, answers: CompletedResponse["answers"]): Promise<CompletedResponse> {
  const survey = await db.store.surveys.latest("beneficiary-satisfaction");
  if (!survey) throw new Error("no survey");
  return {
    id,
    surveyVersionId: survey.versionId,
    respondentId: null,
    serviceId: null,
    localityId: null,
    locale: "ro",
    day: DAY,
    answers,
  };
}

const answer = (question: string, value: string | number) => ({
  question,
  value,
  number: typeof value === "number" ? value : null,
  indicator: "X",
});

const count = (sql: string) => (db.sql.prepare(sql).get() as { n: number }).n;

describe("responses.write", () => {
  it("writes a completed response once, however often it is written", async () => {
    const response = await completed("r-1", [answer("a", 3), answer("b", "yes")]);
    await db.store.responses.write(response);
    await db.store.responses.write(response);
    expect(count(`SELECT COUNT(*) AS n FROM "Response" WHERE id = 'r-1'`)).toBe(1);
    expect(
      db.sql.prepare(`SELECT question, value, number FROM "Answer" WHERE "responseId" = 'r-1' ORDER BY question`).all(),
    ).toEqual([
      { question: "a", value: "3", number: 3 },
      { question: "b", value: '"yes"', number: null },
    ]);
  });

  it("repairs a write a crash cut short (the response without all its answers)", async () => {
    const response = await completed("r-2", [answer("a", 1), answer("b", 2)]);
    await db.store.responses.write({ ...response, answers: response.answers.slice(0, 1) });
    await db.store.responses.write(response);
    expect(count(`SELECT COUNT(*) AS n FROM "Answer" WHERE "responseId" = 'r-2'`)).toBe(2);
  });

  it("keeps the day and nothing finer on the response and its answers", async () => {
    await db.store.responses.write(await completed("r-3", [answer("a", 5)]));
    const response = db.sql.prepare(`SELECT status, "startedAt", "completedAt" FROM "Response" WHERE id = 'r-3'`).get();
    expect(response).toEqual({
      status: "completed",
      startedAt: "2026-03-01T22:00:00.000+00:00",
      completedAt: "2026-03-01T22:00:00.000+00:00",
    });
    expect(db.sql.prepare(`SELECT "answeredAt" FROM "Answer" WHERE "responseId" = 'r-3'`).get()).toEqual({
      answeredAt: "2026-03-01T22:00:00.000+00:00",
    });
  });

  it("keeps responses, answers and participation in tables without a rowid", () => {
    for (const table of ["Response", "Answer", "Participation"]) {
      const { sql } = db.sql.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table) as { sql: string };
      expect(sql).toMatch(/WITHOUT ROWID\s*$/);
    }
  });
});
