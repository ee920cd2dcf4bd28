import { isLocale } from "../../engine/locale.ts";
import type { Audience, Consultation, ConsultationStatus, ConsultationStore, LocalizedText, Recipient } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import { versionedDrafts } from "./drafts.ts";
import type { Sql, SqlValue } from "./sql.ts";

/** Broadcasts reach people in a messenger; `terminal` is `glas simulate`. */
const BROADCAST_CHANNELS = `('telegram', 'viber')`;
/** D1 binds at most 100 parameters per statement. */
const IDS_PER_STATEMENT = 90;

type ConsultationRow = {
  id: string;
  createdById: string | null;
  sourceLocale: string;
  text: string;
  choices: string | null;
  audience: string;
  status: string;
  createdAt: Date;
  scheduledAt: Date | null;
  queuedAt: Date | null;
  total: number;
  progressSeq: number;
  progressText: string | null;
  progressAt: Date | null;
};

function toConsultation(row: ConsultationRow): Consultation {
  return {
    id: row.id,
    createdById: row.createdById,
    sourceLocale: isLocale(row.sourceLocale) ? row.sourceLocale : "ro",
    text: JSON.parse(row.text) as LocalizedText,
    choices: row.choices === null ? null : (JSON.parse(row.choices) as LocalizedText[]),
    audience: JSON.parse(row.audience) as Audience,
    status: row.status as ConsultationStatus,
    createdAt: row.createdAt,
    scheduledAt: row.scheduledAt,
    queuedAt: row.queuedAt,
    total: row.total,
    progressSeq: row.progressSeq,
    progressText: row.progressText,
    progressAt: row.progressAt,
  };
}

// D1 reports no column types, so raw rows may hold dates as text and integers as bigint.
const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** The respondents an audience names: active, in a messenger, and of that locality or service. */
function audienceFilter(audience: Audience): { where: string; params: SqlValue[] } {
  if ("service" in audience) {
    return { where: `r."serviceId" = (SELECT "id" FROM "Service" WHERE "code" = ?)`, params: [audience.service] };
  }
  if ("locality" in audience) {
    return {
      where: `(r."localityId" = (SELECT "id" FROM "Locality" WHERE "name" = ?)
        OR r."serviceId" IN (SELECT s."id" FROM "Service" s JOIN "Locality" l ON l."id" = s."localityId" WHERE l."name" = ?))`,
      params: [audience.locality, audience.locality],
    };
  }
  return { where: "1 = 1", params: [] };
}

/** Active people in a messenger; staff are not their own audience. */
const REACHABLE = `r."status" = 'active' AND r."channel" IN ${BROADCAST_CHANNELS}
  AND NOT EXISTS (SELECT 1 FROM "Staff" st WHERE st."respondentId" = r."id" AND st."revokedAt" IS NULL)`;

export function createConsultationStore(db: PrismaClient, sql: Sql): ConsultationStore {
  return {
    async create(c) {
      const changed = await sql.execute(
        `INSERT INTO "Consultation" ("id", "createdById", "sourceLocale", "text", "choices", "audience", "status", "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, 'draft', ?) ON CONFLICT ("id") DO NOTHING`,
        c.id,
        c.createdById,
        c.sourceLocale,
        JSON.stringify(c.text),
        c.choices === null ? null : JSON.stringify(c.choices),
        JSON.stringify(c.audience),
        sqlTime(new Date()),
      );
      return changed === 1;
    },

    async get(id) {
      const row = await db.consultation.findUnique({ where: { id } });
      return row ? toConsultation(row) : null;
    },

    async startSending(id, scheduledAt) {
      const { count } = await db.consultation.updateMany({
        where: { id, status: "draft" },
        data: { status: "sending", scheduledAt },
      });
      return count === 1;
    },

    async recipientCounts(audience) {
      const { where, params } = audienceFilter(audience);
      const rows = await sql.query<{ channel: string; n: number | bigint }>(
        `SELECT r."channel", COUNT(*) AS n FROM "Respondent" r WHERE ${REACHABLE} AND ${where} GROUP BY r."channel"`,
        ...params,
      );
      return Object.fromEntries(rows.map((row) => [row.channel, Number(row.n)]));
    },

    async recipients(audience, after, limit) {
      const { where, params } = audienceFilter(audience);
      const rows = await sql.query<{ id: string; channel: string; platformId: string; locale: string | null }>(
        `SELECT r."id", r."channel", r."platformId", r."locale" FROM "Respondent" r
         WHERE ${REACHABLE} AND ${where} AND r."id" > ? ORDER BY r."id" LIMIT ?`,
        ...params,
        after ?? "",
        limit,
      );
      return rows.map(
        (row): Recipient => ({
          respondentId: row.id,
          channel: row.channel,
          platformId: row.platformId,
          locale: isLocale(row.locale) ? row.locale : null,
        }),
      );
    },

    async claimFanout(id, now, leaseUntil) {
      const changed = await sql.execute(
        `UPDATE "Consultation" SET "fanoutLeaseUntil" = ?
         WHERE "id" = ? AND "status" = 'sending' AND "queuedAt" IS NULL AND ("fanoutLeaseUntil" IS NULL OR "fanoutLeaseUntil" < ?)`,
        sqlTime(leaseUntil),
        id,
        sqlTime(now),
      );
      return changed === 1;
    },

    async markQueued(id, total, now) {
      await sql.execute(
        `UPDATE "Consultation" SET "queuedAt" = ?, "total" = ?, "fanoutLeaseUntil" = NULL WHERE "id" = ?`,
        sqlTime(now),
        total,
        id,
      );
    },

    async sending() {
      // Polled by the broadcast job all day and nearly always empty: a plain statement answers
      // that without Prisma (whose query compiler would otherwise load at every start).
      const [any] = await sql.query<{ one: number }>(`SELECT 1 AS "one" FROM "Consultation" WHERE "status" = 'sending' LIMIT 1`);
      if (!any) return [];
      const rows = await db.consultation.findMany({ where: { status: "sending" }, orderBy: { createdAt: "asc" } });
      return rows.map(toConsultation);
    },

    async saveProgress(id, expectedSeq, text, at, done) {
      const changed = await sql.execute(
        // The final count closes the consultation: summaries report it as closed from then.
        `UPDATE "Consultation" SET "progressSeq" = "progressSeq" + 1, "progressText" = ?, "progressAt" = ?,
           "status" = CASE WHEN ? = 1 THEN 'sent' ELSE "status" END,
           "closedAt" = CASE WHEN ? = 1 THEN ? ELSE "closedAt" END
         WHERE "id" = ? AND "progressSeq" = ? AND "status" = 'sending'`,
        text,
        sqlTime(at),
        done ? 1 : 0,
        done ? 1 : 0,
        sqlTime(at),
        id,
        expectedSeq,
      );
      return changed === 1;
    },

    async sentMessageId(dedupeKey) {
      const [row] = await sql.query<{ externalId: string | null }>(
        `SELECT "externalId" FROM "Outbox" WHERE "dedupeKey" = ? AND "status" IN ('sent', 'delivered', 'seen')`,
        dedupeKey,
      );
      return row?.externalId ?? null;
    },

    async recent(createdById, limit) {
      const rows = await db.consultation.findMany({
        where: { status: { not: "draft" }, ...(createdById ? { createdById } : {}) },
        orderBy: { createdAt: "desc" },
        take: limit,
      });
      return rows.map(toConsultation);
    },

    async reply(reply, at) {
      // Counted only from a recipient, once sending has begun: checked in the statement itself.
      const changed = await sql.execute(
        `INSERT INTO "ConsultationReply" ("id", "consultationId", "respondentId", "choice", "text", "createdAt")
         SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (
           SELECT 1 FROM "ConsultationRecipient" cr JOIN "Consultation" c ON c."id" = cr."consultationId"
           WHERE cr."consultationId" = ? AND cr."respondentId" = ? AND c."status" <> 'draft' AND c."scheduledAt" <= ?)
         ON CONFLICT ("consultationId", "respondentId") DO NOTHING`,
        crypto.randomUUID(),
        reply.consultationId,
        reply.respondentId,
        reply.choice,
        reply.text,
        sqlTime(at),
        reply.consultationId,
        reply.respondentId,
        sqlTime(at),
      );
      return changed === 1;
    },

    async addRecipients(consultationId, respondentIds) {
      for (let i = 0; i < respondentIds.length; i += IDS_PER_STATEMENT) {
        const ids = respondentIds.slice(i, i + IDS_PER_STATEMENT);
        await sql.execute(
          `INSERT INTO "ConsultationRecipient" ("consultationId", "respondentId")
           SELECT ?, "id" FROM "Respondent" WHERE "id" IN (${ids.map(() => "?").join(", ")})
           ON CONFLICT ("consultationId", "respondentId") DO NOTHING`,
          consultationId,
          ...ids,
        );
      }
    },

    async mayReply(consultationId, respondentId, at) {
      const rows = await sql.query<{ one: number }>(
        `SELECT 1 AS one FROM "ConsultationRecipient" cr JOIN "Consultation" c ON c."id" = cr."consultationId"
         WHERE cr."consultationId" = ? AND cr."respondentId" = ? AND c."status" <> 'draft' AND c."scheduledAt" <= ?`,
        consultationId,
        respondentId,
        sqlTime(at),
      );
      return rows.length > 0;
    },

    async hasReplied(consultationId, respondentId) {
      const rows = await sql.query<{ one: number }>(
        `SELECT 1 AS one FROM "ConsultationReply" WHERE "consultationId" = ? AND "respondentId" = ?`,
        consultationId,
        respondentId,
      );
      return rows.length > 0;
    },

    async replyCounts(consultationId) {
      const rows = await sql.query<{ choice: number | bigint | null; n: number | bigint }>(
        `SELECT "choice", COUNT(*) AS n FROM "ConsultationReply" WHERE "consultationId" = ? GROUP BY "choice"`,
        consultationId,
      );
      const byChoice: Record<number, number> = {};
      let total = 0;
      for (const row of rows) {
        total += Number(row.n);
        if (row.choice !== null) byChoice[Number(row.choice)] = Number(row.n);
      }
      return { total, byChoice };
    },

    async latestTexts(consultationId, limit) {
      const rows = await sql.query<{ text: string }>(
        `SELECT "text" FROM "ConsultationReply" WHERE "consultationId" = ? AND "text" IS NOT NULL
         ORDER BY "createdAt" DESC, "id" LIMIT ?`,
        consultationId,
        limit,
      );
      return rows.map((row) => row.text);
    },

    async awaitReplies(respondentIds, consultationId, activeFrom) {
      for (let i = 0; i < respondentIds.length; i += IDS_PER_STATEMENT) {
        const ids = respondentIds.slice(i, i + IDS_PER_STATEMENT);
        // A newer consultation takes over; a Reply button pressed for an older one is kept.
        await sql.execute(
          `INSERT INTO "ConsultationAwait" ("respondentId", "consultationId", "explicit", "activeFrom")
           SELECT "id", ?, 0, ? FROM "Respondent" WHERE "id" IN (${ids.map(() => "?").join(", ")})
           ON CONFLICT ("respondentId") DO UPDATE SET "consultationId" = excluded."consultationId", "activeFrom" = excluded."activeFrom"
           WHERE "ConsultationAwait"."explicit" = 0`,
          consultationId,
          sqlTime(activeFrom),
          ...ids,
        );
      }
    },

    async awaitExplicit(respondentId, consultationId, at) {
      await sql.execute(
        `INSERT INTO "ConsultationAwait" ("respondentId", "consultationId", "explicit", "activeFrom") VALUES (?, ?, 1, ?)
         ON CONFLICT ("respondentId") DO UPDATE SET "consultationId" = excluded."consultationId", "explicit" = 1, "activeFrom" = excluded."activeFrom"`,
        respondentId,
        consultationId,
        sqlTime(at),
      );
    },

    async clearAwait(respondentId) {
      await sql.execute(`DELETE FROM "ConsultationAwait" WHERE "respondentId" = ?`, respondentId);
    },

    async pending(respondentId) {
      const [row] = await sql.query<{
        state: string | null;
        version: number | bigint | null;
        consultationId: string | null;
        explicit: number | bigint | boolean | null;
        activeFrom: string | Date | null;
      }>(
        `SELECT d."state", d."version", a."consultationId", a."explicit", a."activeFrom"
         FROM (SELECT ? AS "rid") k
         LEFT JOIN "ConsultationDraft" d ON d."respondentId" = k."rid"
         LEFT JOIN "ConsultationAwait" a ON a."respondentId" = k."rid"`,
        respondentId,
      );
      return {
        draft: row?.state ? { state: JSON.parse(row.state) as unknown, version: Number(row.version ?? 0) } : null,
        awaiting:
          row?.consultationId && row.activeFrom !== null
            ? { consultationId: row.consultationId, explicit: Boolean(Number(row.explicit)), activeFrom: toDate(row.activeFrom) }
            : null,
      };
    },

    ...versionedDrafts(sql, "ConsultationDraft"),
  };
}
