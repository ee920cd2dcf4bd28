import { surveyDefinition } from "../../engine/definition.ts";
import type { AnswerCount, ClosedConsultation, ReportRange, ReportStore, ScoredQuestion, StoredSurvey } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import type { Sql, SqlValue } from "./sql.ts";

// D1 reports no column types: counts may come back as bigint and times as text.
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function rangeFilter(range: ReportRange): { where: string; args: SqlValue[] } {
  const args: SqlValue[] = [sqlTime(range.from), sqlTime(range.to)];
  let where = `r."status" = 'completed' AND r."completedAt" >= ? AND r."completedAt" < ?`;
  if (range.serviceId) {
    where += ` AND r."serviceId" = ?`;
    args.push(range.serviceId);
  }
  return { where, args };
}

/**
 * The scored questions as an inline table. Inlined rather than bound: D1 binds at most 100
 * parameters a statement, and every value is ours (version ids, question names, scales).
 */
function scoredTable(scored: ScoredQuestion[]): string {
  const rows = scored.map((s) => `(${[s.surveyVersionId, s.question, s.indicator, s.scale].map(literal).join(", ")})`);
  return `scored("v", "q", "indicator", "scale") AS (VALUES ${rows.join(", ")})`;
}

/**
 * The order is forced (CROSS JOIN keeps SQLite's planner from reordering): for each survey
 * version, a range of Response_period_idx gives the period's responses with every column
 * grouped by; then each response's scored answers, side by side in Answer_scored_idx with their
 * numbers. Neither table is read: the cost follows the period's responses, not the years of
 * them the tables hold (`npm run bench scale`: the same on 1 and 10 million answers).
 */
function indicatorCountsSql(scored: ScoredQuestion[], where: string, pooled: boolean): string {
  const indicator = pooled ? "" : `, s."indicator"`;
  return `WITH ${scoredTable(scored)}, versions("id") AS (SELECT DISTINCT "v" FROM scored)
    SELECT r."serviceId" AS "serviceId", r."localityId" AS "localityId"${indicator ? `${indicator} AS "indicator"` : ""},
      COUNT(*) AS "answers", COUNT(DISTINCT ${PERSON}) AS "people",
      SUM(CASE WHEN (s."scale" = 'rating' AND a."number" >= 4) OR (s."scale" = 'yes_no' AND a."number" = 1)
               OR (s."scale" = 'nps' AND a."number" >= 9) THEN 1 ELSE 0 END) AS "positive",
      SUM(CASE WHEN s."scale" = 'nps' AND a."number" <= 6 THEN 1 ELSE 0 END) AS "detractors",
      TOTAL(a."number") AS "sum"
    FROM versions
    CROSS JOIN "Response" r ON r."surveyVersionId" = versions."id"
    CROSS JOIN scored s ON s."v" = r."surveyVersionId"
    CROSS JOIN "Answer" a ON a."responseId" = r."id" AND a."question" = s."q"
    WHERE ${where} AND a."number" IS NOT NULL
    GROUP BY r."serviceId", r."localityId"${indicator}`;
}

/**
 * One person: the respondent of a named response, the response itself for an anonymous one (a
 * person answers a survey once: Participation keeps them from a second time).
 */
const PERSON = `COALESCE(r."respondentId", r."id")`;

/** Per survey version, so Response_period_idx bounds the scan to the period (and holds every column used). */
const responseCountsSql = (where: string) => `
  SELECT r."surveyVersionId" AS "surveyVersionId", r."serviceId" AS "serviceId", r."localityId" AS "localityId",
    COUNT(DISTINCT ${PERSON}) AS "responses"
  FROM "SurveyVersion" v
  CROSS JOIN "Response" r ON r."surveyVersionId" = v."id"
  WHERE ${where}
  GROUP BY r."surveyVersionId", r."serviceId", r."localityId"`;

function answerCount(r: Record<string, unknown>): AnswerCount {
  return {
    serviceId: (r.serviceId as string | null) ?? null,
    localityId: (r.localityId as string | null) ?? null,
    answers: num(r.answers),
    people: num(r.people),
    positive: num(r.positive),
    detractors: num(r.detractors),
    sum: num(r.sum),
  };
}

export function createReportStore(db: PrismaClient, sql: Sql): ReportStore {
  return {
    async surveyVersions() {
      const rows = await db.surveyVersion.findMany({ orderBy: [{ surveyId: "asc" }, { version: "asc" }] });
      return rows.map(
        (row): StoredSurvey => ({
          surveyId: row.surveyId,
          versionId: row.id,
          version: row.version,
          definition: surveyDefinition.parse(JSON.parse(row.definition)),
        }),
      );
    },

    async responseCounts(range) {
      const { where, args } = rangeFilter(range);
      const rows = await sql.query<Record<string, unknown>>(responseCountsSql(where), ...args);
      return rows.map((r) => ({
        surveyVersionId: String(r.surveyVersionId),
        serviceId: (r.serviceId as string | null) ?? null,
        localityId: (r.localityId as string | null) ?? null,
        responses: num(r.responses),
      }));
    },

    async indicatorCounts(range, scored) {
      if (scored.length === 0) return [];
      const { where, args } = rangeFilter(range);
      const rows = await sql.query<Record<string, unknown>>(indicatorCountsSql(scored, where, false), ...args);
      return rows.map((r) => ({ ...answerCount(r), indicator: String(r.indicator) }));
    },

    async pooledCounts(range, scored) {
      if (scored.length === 0) return [];
      const { where, args } = rangeFilter(range);
      const rows = await sql.query<Record<string, unknown>>(indicatorCountsSql(scored, where, true), ...args);
      return rows.map(answerCount);
    },

    async closedConsultations(range) {
      // Only the columns a consultation has always had, so the query outlives changes to the rest.
      const closed = await sql.query<Record<string, unknown>>(
        `SELECT "id", "text", "choices", "closedAt" FROM "Consultation"
         WHERE "closedAt" >= ? AND "closedAt" < ? ORDER BY "closedAt", "id"`,
        sqlTime(range.from),
        sqlTime(range.to),
      );
      if (closed.length === 0) return [];
      const counts = await sql.query<Record<string, unknown>>(
        `SELECT "consultationId", "choice", COUNT(*) AS "n" FROM "ConsultationReply"
         WHERE "consultationId" IN (SELECT "id" FROM "Consultation" WHERE "closedAt" >= ? AND "closedAt" < ?)
         GROUP BY "consultationId", "choice"`,
        sqlTime(range.from),
        sqlTime(range.to),
      );
      return closed.map(
        (c): ClosedConsultation => ({
          id: String(c.id),
          text: String(c.text),
          choices: (c.choices as string | null) ?? null,
          closedAt: toDate(c.closedAt),
          replies: counts
            .filter((r) => r.consultationId === c.id)
            .map((r) => ({ choice: r.choice === null ? null : num(r.choice), count: num(r.n) })),
        }),
      );
    },

    async localities() {
      return db.locality.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
    },
  };
}
