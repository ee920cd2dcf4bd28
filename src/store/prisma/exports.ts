import type { AnswerValue } from "../../engine/state.ts";
import type { ExportCursor, ExportedResponse, ExportFilter, ExportStore } from "../ports.ts";
import { sqlTime } from "./client.ts";
import type { Sql, SqlValue } from "./sql.ts";

type ResponseRow = {
  id: string;
  completedAt: string | Date;
  locale: string;
  service: string | null;
  locality: string | null;
};

type AnswerRow = { responseId: string; question: string; value: string };

// Raw rows keep times as the stored text; comparing that text is how the keyset works.
const timeText = (value: string | Date): string => (value instanceof Date ? sqlTime(value) : value);

/** The WHERE clause shared by the count, the page and its answers (the column prefix is `r`). */
function where(filter: ExportFilter): { clause: string; args: SqlValue[] } {
  const parts = [`r."surveyVersionId" = ?`, `r."status" = 'completed'`, `r."completedAt" IS NOT NULL`];
  const args: SqlValue[] = [filter.surveyVersionId];
  if (filter.from) {
    parts.push(`r."completedAt" >= ?`);
    args.push(sqlTime(filter.from));
  }
  if (filter.to) {
    parts.push(`r."completedAt" < ?`);
    args.push(sqlTime(filter.to));
  }
  if (filter.serviceId) {
    parts.push(`r."serviceId" = ?`);
    args.push(filter.serviceId);
  }
  return { clause: parts.join(" AND "), args };
}

/**
 * Two statements a page, both walking the (surveyVersionId, completedAt) index: the
 * responses after the cursor, then the answers of the responses completed within that
 * page's time span. No `IN (...)` list of ids: D1 binds at most 100 parameters.
 */
export function createExportStore(sql: Sql): ExportStore {
  return {
    async count(filter) {
      const { clause, args } = where(filter);
      const [row] = await sql.query<{ n: number | string | bigint }>(
        `SELECT count(*) AS n FROM "Response" r WHERE ${clause}`,
        ...args,
      );
      return Number(row?.n ?? 0);
    },

    async page(filter, after, limit) {
      const { clause, args } = where(filter);
      const keyset = after ? ` AND (r."completedAt" > ? OR (r."completedAt" = ? AND r."id" > ?))` : "";
      const keyArgs: SqlValue[] = after ? [after.completedAt, after.completedAt, after.id] : [];
      const rows = await sql.query<ResponseRow>(
        `SELECT r."id", r."completedAt", r."locale", s."name" AS service, l."name" AS locality
         FROM "Response" r
         LEFT JOIN "Service" s ON s."id" = r."serviceId"
         LEFT JOIN "Locality" l ON l."id" = r."localityId"
         WHERE ${clause}${keyset}
         ORDER BY r."completedAt", r."id"
         LIMIT ?`,
        ...args,
        ...keyArgs,
        limit,
      );
      if (rows.length === 0) return [];
      const first = timeText((rows[0] as ResponseRow).completedAt);
      const last = timeText((rows[rows.length - 1] as ResponseRow).completedAt);
      const answers = await sql.query<AnswerRow>(
        `SELECT a."responseId", a."question", a."value"
         FROM "Response" r JOIN "Answer" a ON a."responseId" = r."id"
         WHERE ${clause} AND r."completedAt" >= ? AND r."completedAt" <= ?`,
        ...args,
        first,
        last,
      );
      const byId = new Map<string, Record<string, AnswerValue>>(rows.map((r) => [r.id, {}]));
      for (const a of answers) {
        // Answers of responses completed at the very same moment as the page's first or last one, but outside it.
        const target = byId.get(a.responseId);
        if (target) target[a.question] = JSON.parse(a.value) as AnswerValue;
      }
      return rows.map((r): ExportedResponse => {
        const completedAt = timeText(r.completedAt);
        const cursor: ExportCursor = { completedAt, id: r.id };
        return {
          completedAt: new Date(completedAt),
          service: r.service,
          locality: r.locality,
          locale: r.locale,
          answers: byId.get(r.id) ?? {},
          cursor,
        };
      });
    },
  };
}
