import type { DeliveryReceipt, NewOutboxMessage, OutboxMessage, OutboxStatus, OutboxStore, SentMark } from "../ports.ts";
import { sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

/** D1 binds at most 100 parameters per statement; 9 columns × 10 rows stays under it. */
const INSERT_ROWS_PER_STATEMENT = 10;
const INSERT_COLUMNS = `"id", "channel", "recipient", "respondentId", "payload", "priority", "notBefore", "dedupeKey", "createdAt"`;
const LAST_ERROR_MAX_CHARS = 200;

const TIME_DIGITS = 9; // base36 milliseconds: enough until the year 5138
const COUNTER_DIGITS = 4;
const COUNTER_MAX = 36 ** COUNTER_DIGITS;
const RANDOM_DIGITS = 8;

let lastMs = 0;
let counter = 0;

/**
 * A ULID-like id: time, a per-process counter, randomness. Within this process ids only
 * grow, even within one millisecond or when the clock steps back, so ORDER BY id is queue order.
 */
export function outboxId(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = 0;
  } else if (++counter >= COUNTER_MAX) {
    lastMs += 1;
    counter = 0;
  }
  const random = crypto.getRandomValues(new Uint8Array(RANDOM_DIGITS));
  let tail = "";
  for (const byte of random) tail += (byte % 36).toString(36);
  return lastMs.toString(36).padStart(TIME_DIGITS, "0") + counter.toString(36).padStart(COUNTER_DIGITS, "0") + tail;
}

type Row = {
  id: string;
  channel: string;
  recipient: string;
  respondentId: string | null;
  payload: string;
  priority: number | bigint;
  attempts: number | bigint;
  notBefore: Date | string;
  dedupeKey: string;
};

// D1 reports no column types, so raw rows may hold dates as text and integers as bigint.
const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toMessage(row: Row): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    respondentId: row.respondentId,
    payload: JSON.parse(row.payload) as unknown,
    priority: Number(row.priority),
    dedupeKey: row.dedupeKey,
    attempts: Number(row.attempts),
    notBefore: toDate(row.notBefore),
  };
}

/**
 * A message that has left (or never will) keeps its status, key and platform id for counting
 * and delivery receipts, but not who it went to nor what it said.
 */
const ERASED = { recipient: "", payload: "null" } as const;

/** The statuses each receipt may follow: a status only moves forward (sent → delivered → seen). */
const RECEIPT_FROM: Record<DeliveryReceipt, OutboxStatus[]> = {
  delivered: ["sent"],
  seen: ["sent", "delivered"],
  failed: ["sent"],
};

/**
 * Row `o` is its chat's next message: no other row of the chat holds a live lease, and none
 * older is in line (being sent, due, or tried and waiting for its retry; a message merely
 * scheduled for later does not hold back replies). Found on the (channel, recipient, id)
 * index among the chat's live rows. Binds two parameters: the time, twice.
 */
const HEAD_OF_CHAT = `NOT EXISTS (
  SELECT 1 FROM "Outbox" e
  WHERE e."channel" = o."channel" AND e."recipient" = o."recipient" AND e."id" <> o."id" AND e."status" IN ('pending', 'sending')
    AND ((e."status" = 'sending' AND e."leaseUntil" >= ?)
      OR (e."id" < o."id" AND (e."status" = 'sending' OR e."notBefore" <= ? OR e."attempts" > 0))))`;

export function createOutboxStore(sql: Sql): OutboxStore {
  return {
    async enqueue(messages) {
      let inserted = 0;
      for (let i = 0; i < messages.length; i += INSERT_ROWS_PER_STATEMENT) {
        const chunk = messages.slice(i, i + INSERT_ROWS_PER_STATEMENT);
        const now = new Date();
        const values = chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
        const params = chunk.flatMap((m: NewOutboxMessage) => [
          outboxId(now.getTime()),
          m.channel,
          m.recipient,
          m.respondentId,
          JSON.stringify(m.payload),
          m.priority,
          sqlTime(m.notBefore ?? now),
          m.dedupeKey,
          sqlTime(now),
        ]);
        inserted += await sql.execute(
          `INSERT INTO "Outbox" (${INSERT_COLUMNS}) VALUES ${values} ON CONFLICT ("dedupeKey") DO NOTHING`,
          ...params,
        );
      }
      return inserted;
    },

    async claim(now, limit, leaseMs, options = {}) {
      const at = sqlTime(now);
      const leaseUntil = sqlTime(new Date(now.getTime() + leaseMs));
      // Channels that batch take the first try of their bulk messages through claimBatch; the
      // rows still count as their chats' heads here, so a chat's order holds across both.
      // One statement, so two drainers cannot both take a row: SQLite (and D1) run it under
      // the write lock, and the outer WHERE checks again that each row is still due.
      // Due pending rows are walked in queue order on the (status, priority, id, notBefore)
      // index until `limit` heads are found, and leases run out on the few rows being sent:
      // the cost follows the limit, not the rows waiting nor the settled ones. The outer check
      // reads `+"status"` so that SQLite finds the chosen rows by id, not by walking every
      // pending row again on the status index (what it picks for an OR with no statistics).
      const rows = await sql.query<Row>(
        `UPDATE "Outbox" SET "status" = 'sending', "leaseUntil" = ?, "attempts" = "attempts" + 1
        WHERE "id" IN (
          SELECT "id" FROM (
            SELECT "id", "priority" FROM (
              SELECT o."id", o."priority" FROM "Outbox" o
              WHERE o."status" = 'pending' AND o."notBefore" <= ?
                AND NOT (o."attempts" = 0 AND o."priority" > 0 AND o."channel" IN (SELECT "value" FROM json_each(?)))
                AND ${HEAD_OF_CHAT}
              ORDER BY o."priority", o."id"
              LIMIT ?
            )
            UNION ALL
            SELECT o."id", o."priority" FROM "Outbox" o
            WHERE o."status" = 'sending' AND o."leaseUntil" < ? AND ${HEAD_OF_CHAT}
            ORDER BY 2, 1
            LIMIT ?
          )
        )
        AND ((+"status" = 'pending' AND "notBefore" <= ?) OR (+"status" = 'sending' AND "leaseUntil" < ?))
        RETURNING "id", "channel", "recipient", "respondentId", "payload", "priority", "attempts", "notBefore", "dedupeKey"`,
        // Plain ? placeholders, in order (better-sqlite3 binds no numbered ones from a list).
        leaseUntil,
        at,
        JSON.stringify(options.batched ?? []),
        at,
        at,
        limit,
        at,
        at,
        at,
        limit,
        at,
        at,
      );
      return rows.map(toMessage).sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async claimBatch(channel, now, limit, leaseMs) {
      const at = sqlTime(now);
      const leaseUntil = sqlTime(new Date(now.getTime() + leaseMs));
      // Of the chats' heads that are bulk, due and never tried, those carrying the first one's
      // payload (one consultation in one language), in queue order; walked as in claim.
      const bulk = `o."channel" = ? AND o."status" = 'pending' AND o."notBefore" <= ? AND o."attempts" = 0 AND o."priority" > 0`;
      const rows = await sql.query<Row>(
        `UPDATE "Outbox" SET "status" = 'sending', "leaseUntil" = ?, "attempts" = "attempts" + 1
        WHERE "id" IN (
          SELECT o."id" FROM "Outbox" o
          WHERE ${bulk} AND ${HEAD_OF_CHAT}
            AND o."payload" = (
              SELECT o."payload" FROM "Outbox" o WHERE ${bulk} AND ${HEAD_OF_CHAT} ORDER BY o."priority", o."id" LIMIT 1
            )
          ORDER BY o."priority", o."id"
          LIMIT ?
        )
        AND +"status" = 'pending' AND "notBefore" <= ? AND "attempts" = 0
        RETURNING "id", "channel", "recipient", "respondentId", "payload", "priority", "attempts", "notBefore", "dedupeKey"`,
        leaseUntil,
        channel,
        at,
        at,
        at,
        channel,
        at,
        at,
        at,
        limit,
        at,
      );
      return rows.map(toMessage).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    // The marks travel as one JSON parameter ([id, attempts, externalId, sentAt] each): D1 binds at
    // most 100. A row is found by its id and taken only as its claim left it (version-checked), so
    // a row another drainer claimed since, or one marked already, is left as it is. `+"status"`
    // keeps SQLite from walking every row being sent on the status index for each mark.
    async markSentEach(marks: readonly SentMark[]) {
      if (marks.length === 0) return 0;
      const rows = marks.map((m) => [m.id, m.attempts, m.externalId, sqlTime(m.sentAt)]);
      return sql.execute(
        `UPDATE "Outbox" SET "status" = 'sent', "sentAt" = s."sentAt", "externalId" = s."externalId", "leaseUntil" = NULL,
           "lastError" = NULL, "recipient" = ?, "payload" = ?, "respondentId" = NULL
         FROM (SELECT json_extract("value", '$[0]') AS "id", json_extract("value", '$[1]') AS "attempts",
                 json_extract("value", '$[2]') AS "externalId", json_extract("value", '$[3]') AS "sentAt" FROM json_each(?)) AS s
         WHERE "Outbox"."id" = s."id" AND +"Outbox"."status" = 'sending' AND "Outbox"."attempts" = s."attempts"`,
        ERASED.recipient,
        ERASED.payload,
        JSON.stringify(rows),
      );
    },

    // The ids travel as one JSON parameter: D1 binds at most 100, a batch holds up to 300.
    async markBatchSent(ids, externalId, now) {
      if (ids.length === 0) return;
      await sql.execute(
        `UPDATE "Outbox" SET "status" = 'sent', "sentAt" = ?, "externalId" = ?, "leaseUntil" = NULL, "lastError" = NULL,
           "recipient" = ?, "payload" = ?, "respondentId" = NULL WHERE "id" IN (SELECT "value" FROM json_each(?)) AND "status" = 'sending'`,
        sqlTime(now),
        externalId,
        ERASED.recipient,
        ERASED.payload,
        JSON.stringify(ids),
      );
    },

    async reschedule(id, notBefore, reason, options = {}) {
      // Never from sent: a row another drainer already delivered must not go out again.
      await sql.execute(
        `UPDATE "Outbox" SET "status" = 'pending', "notBefore" = ?, "leaseUntil" = NULL, "lastError" = ?,
           "attempts" = "attempts" - ? WHERE "id" = ? AND "status" IN ('pending', 'sending')`,
        sqlTime(notBefore),
        reason.slice(0, LAST_ERROR_MAX_CHARS),
        options.notTried ? 1 : 0,
        id,
      );
    },

    async markFailed(id, reason) {
      await sql.execute(
        `UPDATE "Outbox" SET "status" = 'failed', "leaseUntil" = NULL, "lastError" = ?, "recipient" = ?, "payload" = ?, "respondentId" = NULL
           WHERE "id" = ? AND "status" IN ('pending', 'sending')`,
        reason.slice(0, LAST_ERROR_MAX_CHARS),
        ERASED.recipient,
        ERASED.payload,
        id,
      );
    },

    async markDelivery(channel, externalId, status) {
      const from = RECEIPT_FROM[status].map(() => "?").join(", ");
      const changed = await sql.execute(
        `UPDATE "Outbox" SET "status" = ? WHERE "channel" = ? AND "externalId" = ? AND "status" IN (${from})`,
        status,
        channel,
        externalId,
        ...RECEIPT_FROM[status],
      );
      return changed > 0;
    },

    async countByStatus(prefix) {
      // A group whose settled rows retention purged keeps its counts in OutboxTally.
      const tally = await sql.query<{ status: string; n: number | bigint }>(
        `SELECT "status", "count" AS n FROM "OutboxTally" WHERE "prefix" = ?`,
        prefix,
      );
      if (tally.length > 0) {
        const kept: Partial<Record<OutboxStatus, number>> = {};
        for (const row of tally) kept[row.status as OutboxStatus] = Number(row.n);
        return kept;
      }
      // A plain prefix comparison: SQLite's LIKE would need % and _ escaped and ignores ASCII case.
      const rows = await sql.query<{ status: string; n: number | bigint }>(
        `SELECT "status", COUNT(*) AS n FROM "Outbox" WHERE substr("dedupeKey", 1, length(?)) = ? GROUP BY "status"`,
        prefix,
        prefix,
      );
      const counts: Partial<Record<OutboxStatus, number>> = {};
      for (const row of rows) counts[row.status as OutboxStatus] = Number(row.n);
      return counts;
    },
  };
}
