import type { RetentionStore } from "../privacy-ports.ts";
import { sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

const SETTLED = `('sent', 'failed', 'delivered', 'seen')`;
const QUESTIONS_PER_STATEMENT = 90;
const GROUPS_PER_ROUND = 200;

/** The first string after every string that starts with `prefix`: a range an index can serve. */
const after = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export function createRetentionStore(sql: Sql): RetentionStore {
  return {
    async purgeTextAnswers(questions, before) {
      let purged = 0;
      for (const { surveyVersionId, questions: names } of questions) {
        for (let i = 0; i < names.length; i += QUESTIONS_PER_STATEMENT) {
          const chunk = names.slice(i, i + QUESTIONS_PER_STATEMENT);
          purged += await sql.execute(
            `DELETE FROM "Answer" WHERE "answeredAt" < ? AND "value" <> 'null' AND "question" IN (${chunk.map(() => "?").join(", ")})
             AND "responseId" IN (SELECT "id" FROM "Response" WHERE "surveyVersionId" = ?)`,
            sqlTime(before),
            ...chunk,
            surveyVersionId,
          );
        }
      }
      return purged;
    },

    async eraseReplyTexts(before) {
      return sql.execute(
        `UPDATE "ConsultationReply" SET "text" = NULL WHERE "text" IS NOT NULL AND "createdAt" < ?`,
        sqlTime(before),
      );
    },

    async inactiveRespondents(before, limit) {
      const rows = await sql.query<{ id: string }>(
        `SELECT r."id" FROM "Respondent" r
         WHERE COALESCE(r."lastActiveDay", r."updatedAt") < ?
           AND NOT EXISTS (SELECT 1 FROM "Staff" s WHERE s."respondentId" = r."id" AND s."revokedAt" IS NULL)
         LIMIT ?`,
        sqlTime(before),
        limit,
      );
      return rows.map((r) => r.id);
    },

    async purgeProcessedUpdates(before) {
      return sql.execute(`DELETE FROM "ProcessedUpdate" WHERE "createdAt" < ?`, sqlTime(before));
    },

    async purgeSettledOutbox(before, tallied) {
      const cutoff = sqlTime(before);
      let purged = 0;
      for (const prefix of tallied) {
        for (;;) {
          const groups = await sql.query<{ g: string }>(
            `SELECT g FROM (
               SELECT substr("dedupeKey", 1, ? + instr(substr("dedupeKey", ? + 1), ':')) AS g, "status",
                      COALESCE("sentAt", "createdAt") AS t
               FROM "Outbox" WHERE "dedupeKey" >= ? AND "dedupeKey" < ? AND instr(substr("dedupeKey", ? + 1), ':') > 0)
             GROUP BY g HAVING SUM("status" NOT IN ${SETTLED}) = 0 AND MAX(t) < ? LIMIT ?`,
            prefix.length,
            prefix.length,
            prefix,
            after(prefix),
            prefix.length,
            cutoff,
            GROUPS_PER_ROUND,
          );
          for (const { g } of groups) {
            // Counts first, then the rows: a crash between the two leaves the counts, and the
            // next run deletes the rows (the counts of a group are written once).
            await sql.execute(
              `INSERT INTO "OutboxTally" ("prefix", "status", "count")
               SELECT ?, "status", COUNT(*) FROM "Outbox" WHERE "dedupeKey" >= ? AND "dedupeKey" < ? GROUP BY "status"
               ON CONFLICT ("prefix", "status") DO NOTHING`,
              g,
              g,
              after(g),
            );
            purged += await sql.execute(`DELETE FROM "Outbox" WHERE "dedupeKey" >= ? AND "dedupeKey" < ?`, g, after(g));
          }
          if (groups.length < GROUPS_PER_ROUND) break;
        }
      }
      const outside = tallied.map(() => `NOT ("dedupeKey" >= ? AND "dedupeKey" < ?)`).join(" AND ");
      purged += await sql.execute(
        `DELETE FROM "Outbox" WHERE "status" IN ${SETTLED} AND COALESCE("sentAt", "createdAt") < ?${outside ? ` AND ${outside}` : ""}`,
        cutoff,
        ...tallied.flatMap((p) => [p, after(p)]),
      );
      return purged;
    },

    async purgeDrafts(before) {
      return sql.execute(`DELETE FROM "ConsultationDraft" WHERE "updatedAt" < ?`, sqlTime(before));
    },
  };
}
