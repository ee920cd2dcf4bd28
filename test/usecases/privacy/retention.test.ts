import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../../src/log.ts";
import { dayRange } from "../../../src/reports/periods.ts";
import { computeSummary } from "../../../src/reports/summary.ts";
import { DAY_MS, DEFAULT_POLICY } from "../../../src/usecases/privacy/policy.ts";
import { applyRetention, dailyRetention } from "../../../src/usecases/privacy/retention.ts";
import type { RespondDeps } from "../../../src/usecases/respond.ts";
import { conversation } from "../../support/conversation.ts";
import { freshDatabase, respondDeps, type TestDatabase, withDefaults } from "../../support/db.ts";

const T0 = new Date("2025-01-10T10:00:00Z");
const days = (n: number, from = T0) => new Date(from.getTime() + n * DAY_MS);
const TAPS = [1, 2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];

let db: TestDatabase;
let deps: RespondDeps;
const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;
const comments = () =>
  (db.sql.prepare(`SELECT value FROM "Answer" WHERE question = 'comment' ORDER BY value`).all() as { value: string }[]).map((r) =>
    JSON.parse(r.value),
  );

/** A person takes the default (anonymous) survey at `at`, leaving a comment. */
async function takeSurvey(platformId: string, at: Date, comment: string) {
  vi.setSystemTime(at);
  const person = conversation(deps, platformId, { channel: "telegram", locale: "ro", start: at });
  await person.start({ serviceCode: "DC1" });
  for (const n of TAPS) await person.pressNth(n);
  await person.text(comment);
}

const removed = (purged: { kind: string; removed: number }[]) => Object.fromEntries(purged.map((p) => [p.kind, p.removed]));
const januaryFigures = () =>
  computeSummary(db.store, { period: dayRange("2025-01-01", "2025-01-31", "Europe/Chisinau"), minCell: 5 });

let consultationId = "";
const delivered = { sent: 2, failed: 1 };
let workerRespondent = "";
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  db = freshDatabase();
  await withDefaults(db);
  await db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  deps = respondDeps(db.store);
  for (let i = 1; i <= 6; i++)
    await takeSurvey(`710000000${i}`, days(0, new Date(T0.getTime() + i * 60_000)), `Comentariu vechi ${i}`);
  await takeSurvey("7100000007", days(300), "Comentariu recent");

  // At T0: a worker (staff never counts as inactive), a consultation with a typed reply, its
  // messages sent, an update id, a file, a draft and an audit entry.
  vi.setSystemTime(T0);
  const worker = await db.store.respondents.upsert("telegram", "7200000001");
  workerRespondent = worker.id;
  const member = await db.store.staff.enrol(
    { respondentId: worker.id, role: "social_worker", serviceId: null, localityId: null },
    T0,
  );
  consultationId = "ret000000001";
  await db.store.consultations.create({
    id: consultationId,
    createdById: member.id,
    sourceLocale: "ro",
    text: { ro: "Ce să schimbăm?" },
    choices: null,
    audience: { all: true },
  });
  await db.store.consultations.startSending(consultationId, T0);
  const first = await db.store.respondents.upsert("telegram", "7100000001");
  await db.store.consultations.addRecipients(consultationId, [first.id]);
  expect(
    await db.store.consultations.reply({ consultationId, respondentId: first.id, choice: null, text: "Răspuns vechi" }, T0),
  ).toBe(true);
  await db.store.outbox.enqueue(
    ["7100000001", "7100000002", "7100000003"].map((chat, i) => ({
      channel: "telegram",
      recipient: chat,
      respondentId: null,
      payload: { text: "q" },
      priority: 1,
      dedupeKey: `consult:${consultationId}:person-${i}`,
    })),
  );
  await db.store.outbox.enqueue([
    {
      channel: "telegram",
      recipient: "7100000004",
      respondentId: null,
      payload: { text: "hi" },
      priority: 0,
      dedupeKey: "reply:old",
    },
    {
      channel: "telegram",
      recipient: "7100000005",
      respondentId: null,
      payload: { text: "hi" },
      priority: 0,
      dedupeKey: "reply:waiting",
    },
  ]);
  for (const row of await db.store.outbox.claim(T0, 10, 60_000)) {
    if (row.dedupeKey === "reply:waiting") continue; // still being sent: never purged
    if (row.dedupeKey.endsWith("person-2")) await db.store.outbox.markFailed(row.id, "stopped");
    else await db.store.outbox.markSentEach([{ id: row.id, attempts: row.attempts, externalId: "1", sentAt: T0 }]);
  }
  await db.store.updates.mark("telegram", "tg:1");
  await db.store.files.put({ contentType: "image/png", filename: "c.png", bytes: new Uint8Array([1]), expiresAt: days(7) });
  await db.store.consultations.saveDraft(worker.id, { step: "question" }, null, T0);
  await db.store.audit.record({
    at: T0,
    actor: "operator",
    staffId: null,
    role: "operator",
    action: "export",
    service: null,
    locality: null,
    period: null,
    detail: null,
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await db.close();
});

describe("retention on a fake clock", () => {
  it("keeps a comment through the day it is RETENTION_COMMENT_DAYS old, and erases it the next day", async () => {
    // Days are Chisinau's (TIMEZONE): 23:30 on the 365th day after T0's day, then 00:30 the next.
    const lastDay = new Date("2026-01-10T23:30:00+02:00");
    vi.setSystemTime(lastDay);
    const before = await januaryFigures();
    expect(await db.store.outbox.countByStatus(`consult:${consultationId}:`)).toEqual(delivered);
    const kept = removed(await applyRetention(db.store, silentLogger, DEFAULT_POLICY, lastDay));
    expect(kept).toMatchObject({ comments: 0, replies: 0, drafts: 1, files: 1, updates: 1, outbox: 4 });
    expect(comments()).toHaveLength(7);

    const nextDay = new Date("2026-01-11T00:30:00+02:00");
    vi.setSystemTime(nextDay);
    const purged = removed(await applyRetention(db.store, silentLogger, DEFAULT_POLICY, nextDay));
    expect(purged).toMatchObject({ comments: 6, replies: 1, inactive: 0, drafts: 0, files: 0, updates: 0, outbox: 0, audit: 0 });
    expect(comments()).toEqual(["Comentariu recent"]);
    // The reply is still counted; only its words are gone.
    expect(await db.store.consultations.replyCounts(consultationId)).toEqual({ total: 1, byChoice: {} });
    expect(await db.store.consultations.latestTexts(consultationId, 5)).toEqual([]);
    // The ratings and every response stay: the figures of a closed month do not move.
    expect(await januaryFigures()).toEqual(before);
    expect(count("Response", `status = 'completed'`)).toBe(7);
  });

  it("drops update ids after 7 days and settled messages after 30, keeping a consultation's delivery counts", async () => {
    // The rows went in the first run above, with the update id; their counts stay.
    expect(await db.store.outbox.countByStatus(`consult:${consultationId}:`)).toEqual(delivered);
    expect(count("OutboxTally")).toBe(2);
    expect(count("ProcessedUpdate")).toBe(0);
    expect(count("Outbox")).toBe(1);
    expect(count("Outbox", `"dedupeKey" = 'reply:waiting'`)).toBe(1);
  });

  it("erases people inactive for RETENTION_INACTIVE_DAYS as /forget does, never active staff, and audit entries after two years", async () => {
    const now = days(300 + 731);
    vi.setSystemTime(now);
    const before = await januaryFigures();
    const purged = removed(await applyRetention(db.store, silentLogger, DEFAULT_POLICY, now));
    expect(purged).toMatchObject({ inactive: 7, audit: 1 });
    expect(count("Respondent")).toBe(1);
    expect(count("Respondent", `id = ?`, workerRespondent)).toBe(1);
    expect(count("Participation")).toBe(0);
    expect(await januaryFigures()).toEqual(before);
    expect(count("Response", `status = 'completed'`)).toBe(7);
  });

  it("runs once a day from the housekeeping, whichever process gets there first", async () => {
    const now = days(2000);
    vi.setSystemTime(now);
    expect(await dailyRetention(db.store, silentLogger, DEFAULT_POLICY, now)).not.toBeNull();
    expect(await dailyRetention(db.store, silentLogger, DEFAULT_POLICY, new Date(now.getTime() + 3_600_000))).toBeNull();
    expect(await dailyRetention(db.store, silentLogger, DEFAULT_POLICY, days(1, now))).not.toBeNull();
  });
});
