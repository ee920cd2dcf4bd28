import type { AnswerRow, ResponseMeta, ResponseStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

export function createResponseStore(db: PrismaClient, sql: Sql): ResponseStore {
  return {
    async record(meta, answers, remove, options = {}) {
      if (options.first) await insertResponse(sql, meta);
      try {
        await upsertAnswers(sql, meta, answers);
      } catch (err) {
        // The response row is written with the first answer; if a crash lost it, write it now.
        if (options.first) throw err;
        await insertResponse(sql, meta);
        await upsertAnswers(sql, meta, answers);
      }
      if (remove.length > 0) await db.answer.deleteMany({ where: { responseId: meta.id, question: { in: remove } } });
    },
    async complete(meta, at) {
      // The service too: someone who came through a poster mid-survey may have credited it since.
      await db.response.updateMany({
        where: { id: meta.id },
        data: { status: "completed", completedAt: at, serviceId: meta.serviceId, localityId: meta.localityId },
      });
    },
    async markParticipation(respondentId, surveyId, at) {
      const where = { respondentId_surveyId: { respondentId, surveyId } };
      await db.participation.upsert({
        where,
        create: { id: crypto.randomUUID(), respondentId, surveyId, lastAt: at },
        update: { count: { increment: 1 }, lastAt: at },
      });
    },
  };
}

async function insertResponse(sql: Sql, meta: ResponseMeta): Promise<void> {
  await sql.execute(
    `INSERT INTO "Response" ("id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status", "startedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'in_progress', ?) ON CONFLICT ("id") DO NOTHING`,
    meta.id,
    meta.surveyVersionId,
    meta.respondentId,
    meta.serviceId,
    meta.localityId,
    meta.locale,
    sqlTime(meta.startedAt),
  );
}

async function upsertAnswers(sql: Sql, meta: ResponseMeta, answers: AnswerRow[]): Promise<void> {
  for (const a of answers) {
    await sql.execute(
      `INSERT INTO "Answer" ("id", "responseId", "question", "value", "number", "indicator", "serviceId", "answeredAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("responseId", "question") DO UPDATE SET
         "value" = excluded."value", "number" = excluded."number", "indicator" = excluded."indicator",
         "serviceId" = excluded."serviceId", "answeredAt" = excluded."answeredAt"`,
      crypto.randomUUID(),
      meta.id,
      a.question,
      JSON.stringify(a.value),
      a.number,
      a.indicator,
      meta.serviceId,
      sqlTime(a.at),
    );
  }
}
