import type { CompletedResponse, ResponseStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import { utcDay } from "./day.ts";
import type { Sql } from "./sql.ts";

/**
 * Completed responses, written once. Response and Answer are WITHOUT ROWID tables keyed by
 * random ids (see the migration), and every date on them is the day: neither the rows nor
 * the file's order tell when, or after whom, a response was written.
 */
export function createResponseStore(db: PrismaClient, sql: Sql): ResponseStore {
  return {
    async write(response) {
      // The response first (answers reference it); a crash between the two is repaired by writing again.
      await insertResponse(sql, response);
      await insertAnswers(sql, response);
    },
    async markParticipation(respondentId, surveyId, at) {
      const where = { respondentId_surveyId: { respondentId, surveyId } };
      const day = utcDay(at);
      await db.participation.upsert({
        where,
        create: { id: crypto.randomUUID(), respondentId, surveyId, lastAt: day },
        update: { count: { increment: 1 }, lastAt: day },
      });
    },
  };
}

async function insertResponse(sql: Sql, response: CompletedResponse): Promise<void> {
  const day = sqlTime(response.day);
  await sql.execute(
    `INSERT INTO "Response" ("id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status", "startedAt", "completedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'completed', ?, ?) ON CONFLICT ("id") DO NOTHING`,
    response.id,
    response.surveyVersionId,
    response.respondentId,
    response.serviceId,
    response.localityId,
    response.locale,
    day,
    day,
  );
}

async function insertAnswers(sql: Sql, response: CompletedResponse): Promise<void> {
  const day = sqlTime(response.day);
  for (const a of response.answers) {
    await sql.execute(
      `INSERT INTO "Answer" ("id", "responseId", "question", "value", "number", "indicator", "serviceId", "answeredAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("responseId", "question") DO NOTHING`,
      crypto.randomUUID(),
      response.id,
      a.question,
      JSON.stringify(a.value),
      a.number,
      a.indicator,
      response.serviceId,
      day,
    );
  }
}
