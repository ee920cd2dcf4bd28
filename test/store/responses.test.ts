import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResponseMeta } from "../../src/store/ports.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "../support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
});
afterAll(() => db.close());

async function meta(id: string): Promise<ResponseMeta> {
  const survey = await db.store.surveys.latest("beneficiary-satisfaction");
  if (!survey) throw new Error("no survey");
  return {
    id,
    surveyVersionId: survey.versionId,
    respondentId: null,
    serviceId: null,
    localityId: null,
    locale: "ro",
    startedAt: new Date(),
  };
}

const answer = (question: string, value: string | number) => ({
  question,
  value,
  number: typeof value === "number" ? value : null,
  indicator: "X",
  at: new Date(),
});

describe("responses.record", () => {
  it("writes the response row with the first answer, and the same answer again only once", async () => {
    const m = await meta("r-1");
    await db.store.responses.record(m, [answer("a", 3)], [], { first: true });
    await db.store.responses.record(m, [answer("a", 4)], [], { first: true });
    expect(db.sql.prepare(`SELECT COUNT(*) AS n FROM "Response" WHERE id = 'r-1'`).get()).toEqual({ n: 1 });
    expect(db.sql.prepare(`SELECT value, number FROM "Answer" WHERE "responseId" = 'r-1'`).all()).toEqual([
      { value: "4", number: 4 },
    ]);
  });

  it("repairs a response row that a crash lost before the first answer was written", async () => {
    const m = await meta("r-2");
    await db.store.responses.record(m, [answer("b", "yes")], [], { first: false });
    expect(db.sql.prepare(`SELECT COUNT(*) AS n FROM "Response" WHERE id = 'r-2'`).get()).toEqual({ n: 1 });
    expect(db.sql.prepare(`SELECT COUNT(*) AS n FROM "Answer" WHERE "responseId" = 'r-2'`).get()).toEqual({ n: 1 });
  });

  it("removes answers to questions that are no longer shown", async () => {
    const m = await meta("r-3");
    await db.store.responses.record(m, [answer("c", 1), answer("d", 2)], [], { first: true });
    await db.store.responses.record(m, [], ["d"]);
    expect(db.sql.prepare(`SELECT question FROM "Answer" WHERE "responseId" = 'r-3'`).all()).toEqual([{ question: "c" }]);
  });
});
