import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackFigures, median } from "../../src/reports/feedback.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary } from "../../src/reports/summary.ts";
import { summaryText } from "../../src/reports/text.ts";
import type { FeedbackKind } from "../../src/store/ports.ts";
import { freshDatabase, type TestDatabase, t } from "../support/db.ts";

const TZ = "Europe/Chisinau";
const WEEK = weekContaining(new Date("2026-11-18T10:00:00Z"), TZ); // 16–22 November
const DAY = 24 * 60 * 60 * 1000;
const monday = Date.parse("2026-11-16T08:00:00Z");

let db: TestDatabase;
let n = 0;

/** One message received on `day` of the week, answered `answeredAfter` days later (or not). */
async function received(kind: FeedbackKind, day: number, answeredAfter: number | null) {
  const createdAt = new Date(monday + day * DAY);
  const person = await db.store.respondents.upsert("telegram", String(7_000_000 + n));
  const ref = `F-${"ABCDEFGHJK"[n % 10]}${"MNPQRSTUVW"[Math.floor(n / 10) % 10]}22`;
  n++;
  const id = crypto.randomUUID();
  const dueAt = new Date(createdAt.getTime() + 7 * DAY);
  await db.store.feedback.create(
    { id, ref, kind, serviceId: null, routedTo: "directorate", createdAt, dueAt },
    "Secret text 4411",
    { respondentId: person.id, contact: null },
  );
  if (answeredAfter !== null) await db.store.feedback.markAnswered(id, new Date(createdAt.getTime() + answeredAfter * DAY));
}

beforeAll(async () => {
  db = freshDatabase();
  for (let i = 0; i < 7; i++) await received("complaint", i % 5, i < 6 ? i + 1 : null); // 6 answered, 1 day to 6 days
  for (let i = 0; i < 5; i++) await received("question", 1, i < 4 ? 10 : 1); // 4 answered late
  for (let i = 0; i < 2; i++) await received("thanks", 2, null);
  await received("sensitive", 3, 1);
  await received("complaint", 9, 1); // the week after: not counted
});
afterAll(() => db.close());

describe("feedback in the summary", () => {
  it("counts messages by kind, hiding counts under MIN_CELL and one more where the total would tell them", async () => {
    const summary = await computeSummary(db.store, { period: WEEK, minCell: 5 });
    const fb = summary.feedback;
    expect(fb?.received).toEqual({ type: "shown", n: 15 });
    const byKind = Object.fromEntries((fb?.byKind ?? []).map((k) => [k.kind, k.count]));
    expect(byKind.complaint).toEqual({ type: "shown", n: 7 });
    expect(byKind.thanks).toMatchObject({ type: "hidden", label: "<5" });
    expect(byKind.sensitive).toMatchObject({ type: "hidden", label: "<5" });
    expect(byKind.suggestion).toEqual({ type: "shown", n: 0 });
    // 15 − 7 − 5 would tell that thanks and sensitive together are 3, still too few: questions go too.
    expect(byKind.question).toMatchObject({ type: "hidden", label: "x" });
    // Not the sensitive kind: 14 messages, 6 + 1 answered within 7 days.
    expect(fb?.answeredInTime).toEqual({ type: "shown", value: 7 / 14 });
    expect(fb?.medianDays).toEqual({ type: "shown", value: median([1, 2, 3, 4, 5, 6, 10, 10, 10, 10, 1]) });

    const text = summaryText(summary, "en", t);
    expect(text).toContain(
      "✉ Messages received: 15\n• questions: x\n• complaints: 7\n• thanks: <5\n• abuse, violence, exploitation: <5",
    );
    expect(text).toContain("Answered in time: 50%");
    expect(text).toContain("Median days to answer: 5.0");
    expect(text).not.toContain("Secret text");
  });

  it("hides the share and the median behind fewer than MIN_CELL messages", () => {
    const at = new Date(monday);
    const facts = [
      { kind: "complaint" as const, createdAt: at, dueAt: new Date(monday + 7 * DAY), answeredAt: new Date(monday + DAY) },
      { kind: "sensitive" as const, createdAt: at, dueAt: new Date(monday + 7 * DAY), answeredAt: null },
    ];
    const fb = feedbackFigures(facts, 5);
    expect(fb.received).toMatchObject({ type: "hidden", label: "<5" });
    expect(fb.byKind.find((k) => k.kind === "sensitive")?.count).toMatchObject({ type: "hidden" });
    expect(fb.answeredInTime).toMatchObject({ type: "hidden", label: "<5" });
    expect(fb.medianDays).toMatchObject({ type: "hidden", label: "<5" });
  });
});
