import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/log.ts";
import { DAY_MS, DEFAULT_POLICY } from "../../../src/usecases/privacy/policy.ts";
import { applyRetention } from "../../../src/usecases/privacy/retention.ts";
import { freshDatabase, type TestDatabase } from "../../support/db.ts";

const now = new Date("2027-06-01T10:00:00Z");
let db: TestDatabase;

beforeAll(async () => {
  db = freshDatabase();
  const person = await db.store.respondents.upsert("telegram", "5550001");
  const add = async (ref: string, daysAgo: number, text: string) => {
    const createdAt = new Date(now.getTime() - daysAgo * DAY_MS);
    const id = crypto.randomUUID();
    const dueAt = new Date(createdAt.getTime() + 7 * DAY_MS);
    await db.store.feedback.create(
      { id, ref, kind: "complaint", serviceId: null, routedTo: "directorate", createdAt, dueAt },
      text,
      {
        respondentId: person.id,
        contact: null,
      },
    );
    return id;
  };
  const old = await add("F-AAA2", DEFAULT_POLICY.commentDays + 3, "Old complaint text");
  await db.store.feedback.addMessage(old, {
    author: "staff",
    staffId: null,
    text: "Old reply",
    at: new Date(now.getTime() - 400 * DAY_MS),
  });
  await add("F-BBB3", 3, "Recent complaint text");
  await db.store.feedback.saveDraft(
    person.id,
    { type: "write", text: "Left unsent" },
    null,
    new Date(now.getTime() - 2 * DAY_MS),
  );
});
afterAll(() => db.close());

describe("retention of feedback", () => {
  it("erases thread texts older than RETENTION_COMMENT_DAYS and drafts left for a day; the items stay counted", async () => {
    const purged = await applyRetention(db.store, silentLogger, DEFAULT_POLICY, now);
    expect(Object.fromEntries(purged.map((p) => [p.kind, p.removed]))).toMatchObject({ feedback: 2, "feedback-drafts": 1 });
    const texts = db.sql.prepare(`SELECT text FROM "FeedbackMessage" ORDER BY "createdAt"`).all();
    expect(texts).toEqual([{ text: null }, { text: null }, { text: "Recent complaint text" }]);
    expect((db.sql.prepare(`SELECT COUNT(*) AS n FROM "Feedback"`).get() as { n: number }).n).toBe(2);
    expect(await db.store.feedback.draft((await db.store.respondents.upsert("telegram", "5550001")).id)).toBeNull();
  });
});
