import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedSurveys } from "../../src/cli/survey-file.ts";
import { scoredQuestionsOf } from "../../src/reports/indicators.ts";
import type { OutboxStore, ReportStore } from "../../src/store/ports.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createOutboxStore } from "../../src/store/prisma/outbox.ts";
import { createReportStore } from "../../src/store/prisma/reports.ts";
import type { Sql, SqlValue } from "../../src/store/prisma/sql.ts";
import { ensureDefaults } from "../../src/usecases/surveys.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

/**
 * The statements whose cost must not grow with the tables: the outbox claim (settled rows pile
 * up by the hundred thousand after a broadcast) and the summary's figures (answers by the
 * million). Their plans, as SQLite makes them for a database Glas migrated (no statistics),
 * must reach rows through the indexes meant for them and never scan a table.
 */
let db: TestDatabase;
let other: ReturnType<typeof openDatabase>;
let statements: { text: string; args: SqlValue[] }[];
let outbox: OutboxStore;
let reports: ReportStore;

beforeAll(async () => {
  db = freshDatabase();
  await ensureDefaults(db.store, shippedSurveys());
  other = openDatabase(db.url);
  statements = [];
  const recording: Sql = {
    query: (text, ...args) => {
      statements.push({ text, args });
      return other.sql.query(text, ...args);
    },
    execute: (text, ...args) => {
      statements.push({ text, args });
      return other.sql.execute(text, ...args);
    },
  };
  outbox = createOutboxStore(recording);
  reports = createReportStore(other.prisma, recording);
});
afterAll(async () => {
  await other.prisma.$disconnect();
  await db.close();
});

/** The plan of the last statement run, one line per step. */
async function planOf(run: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await run();
  const last = statements[statements.length - 1];
  if (!last) throw new Error("no statement was run");
  return (db.sql.prepare(`EXPLAIN QUERY PLAN ${last.text}`).all(...last.args) as { detail: string }[]).map((r) => r.detail);
}

/** Full scans of the large tables (by their aliases in these statements); small lookups and inline tables may be scanned. */
const scans = (plan: string[]) => plan.filter((step) => /^SCAN (o|e|r|a|Outbox|Response|Answer)\b/.test(step));

const NOW = new Date("2026-11-24T08:00:00.000Z");
const RANGE = { from: new Date("2026-10-01T00:00:00.000+03:00"), to: new Date("2026-11-01T00:00:00.000+02:00") };

describe("the outbox claim", () => {
  it.each([
    ["claim", () => outbox.claim(NOW, 32, 60_000, { batched: ["viber"] })],
    ["claimBatch", () => outbox.claimBatch("viber", NOW, 32, 60_000)],
  ])("%s walks the pending rows on their index and finds each chat's rows on its own", async (_name, run) => {
    const plan = await planOf(run);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH o USING INDEX Outbox_status_priority_id_notBefore_idx \(status=\?/),
    );
    expect(plan).toContainEqual("SEARCH e USING INDEX Outbox_channel_recipient_id_idx (channel=? AND recipient=?)");
    // The update takes the chosen rows by id, rather than walking the status index once more.
    expect(plan[0]).toBe("SEARCH Outbox USING INDEX sqlite_autoindex_Outbox_1 (id=?)");
    expect(plan).not.toContain("MULTI-INDEX OR");
    expect(scans(plan)).toEqual([]);
    expect(plan.join("\n")).not.toContain("GROUP BY");
  });

  it("keeps that plan with a hundred thousand settled rows beside a few pending ones", async () => {
    db.sql.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      INSERT INTO "Outbox" ("id", "channel", "recipient", "payload", "priority", "status", "notBefore", "dedupeKey", "createdAt")
      SELECT printf('settled%06d', i), 'telegram', '', 'null', 1, 'sent', '2026-11-01T00:00:00.000+00:00', 'k' || i, '2026-11-01T00:00:00.000+00:00' FROM n`);
    await outbox.enqueue(
      ["1", "2", "3"].map((r) => ({
        channel: "telegram",
        recipient: r,
        respondentId: null,
        payload: {},
        priority: 1,
        dedupeKey: `p${r}`,
        notBefore: NOW,
      })),
    );
    let claimed: string[] = [];
    const plan = await planOf(async () => {
      claimed = (await outbox.claim(NOW, 32, 60_000)).map((m) => m.recipient);
    });
    expect(claimed).toEqual(["1", "2", "3"]);
    expect(scans(plan)).toEqual([]);
  });
});

describe("the outbox's sent marks", () => {
  it("markSentEach walks the marks and finds each row by its id, never the rows being sent", async () => {
    const mark = { id: "x", attempts: 1, externalId: "1", sentAt: NOW };
    const plan = await planOf(() => outbox.markSentEach([mark, { ...mark, id: "y" }]));
    expect(plan).toEqual([
      expect.stringMatching(/^SCAN json_each VIRTUAL TABLE/),
      "SEARCH Outbox USING INDEX sqlite_autoindex_Outbox_1 (id=?)",
    ]);
  });
});

describe("the summary's figures", () => {
  it.each([
    ["responseCounts", () => reports.responseCounts(RANGE)],
    ["indicatorCounts", async () => reports.indicatorCounts(RANGE, scoredQuestionsOf(await reports.surveyVersions()))],
    ["pooledCounts", async () => reports.pooledCounts(RANGE, scoredQuestionsOf(await reports.surveyVersions()))],
  ])("%s reads only the period's rows, from indexes that hold every column it needs", async (name, run) => {
    const plan = await planOf(run);
    expect(plan).toContainEqual(
      "SEARCH r USING COVERING INDEX Response_period_idx (surveyVersionId=? AND completedAt>? AND completedAt<?)",
    );
    if (name !== "responseCounts")
      expect(plan).toContainEqual("SEARCH a USING COVERING INDEX Answer_scored_idx (responseId=? AND question=? AND number>?)");
    expect(scans(plan)).toEqual([]);
  });
});
