import { isLocale } from "../../engine/locale.ts";
import type { DirectorateMember, JobRunStore } from "../ports.ts";
import { sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

/** Scheduled summaries go to people in a messenger; `terminal` is `glas simulate`. */
const MESSENGERS = `('telegram', 'viber')`;

export function createJobRunStore(sql: Sql): JobRunStore {
  return {
    async claim(job, periodKey, now, staleBefore) {
      // Without transactions (D1), the unique (job, periodKey) key decides: one inserter wins.
      const inserted = await sql.execute(
        `INSERT INTO "JobRun" ("id", "job", "periodKey", "status", "startedAt") VALUES (?, ?, ?, 'running', ?)
         ON CONFLICT ("job", "periodKey") DO NOTHING`,
        crypto.randomUUID(),
        job,
        periodKey,
        sqlTime(now),
      );
      if (inserted === 1) return true;
      // A run that started long ago and never finished was cut short: one caller takes it over,
      // since the statement re-checks startedAt under the write lock.
      const taken = await sql.execute(
        `UPDATE "JobRun" SET "startedAt" = ? WHERE "job" = ? AND "periodKey" = ? AND "status" = 'running' AND "startedAt" < ?`,
        sqlTime(now),
        job,
        periodKey,
        sqlTime(staleBefore),
      );
      return taken === 1;
    },

    async finish(job, periodKey, now) {
      await sql.execute(
        `UPDATE "JobRun" SET "status" = 'finished', "finishedAt" = ? WHERE "job" = ? AND "periodKey" = ?`,
        sqlTime(now),
        job,
        periodKey,
      );
    },

    async directorate() {
      const rows = await sql.query<{
        staffId: string;
        respondentId: string;
        channel: string;
        platformId: string;
        locale: string | null;
      }>(
        `SELECT s."id" AS "staffId", r."id" AS "respondentId", r."channel" AS "channel", r."platformId" AS "platformId",
           r."locale" AS "locale"
         FROM "Staff" s JOIN "Respondent" r ON r."id" = s."respondentId"
         WHERE s."role" = 'directorate' AND s."revokedAt" IS NULL AND r."channel" IN ${MESSENGERS}
         ORDER BY s."createdAt", s."id"`,
      );
      return rows.map(
        (r): DirectorateMember => ({
          staffId: r.staffId,
          respondentId: r.respondentId,
          channel: r.channel,
          platformId: r.platformId,
          locale: r.locale !== null && isLocale(r.locale) ? r.locale : null,
        }),
      );
    },
  };
}
