import type { ResponseStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";

export function createResponseStore(db: PrismaClient): ResponseStore {
  return {
    async record(meta, answers, remove) {
      // Every answer may be the first: create the response unless it exists, without the
      // cost of a failed insert (SQLite and D1 both speak ON CONFLICT).
      await db.$executeRaw`
        INSERT INTO "Response" ("id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status", "startedAt")
        VALUES (${meta.id}, ${meta.surveyVersionId}, ${meta.respondentId}, ${meta.serviceId}, ${meta.localityId},
                ${meta.locale}, 'in_progress', ${sqlTime(meta.startedAt)})
        ON CONFLICT ("id") DO NOTHING`;
      for (const a of answers) {
        const data = {
          value: JSON.stringify(a.value),
          number: a.number,
          indicator: a.indicator,
          serviceId: meta.serviceId,
          answeredAt: a.at,
        };
        await db.answer.upsert({
          where: { responseId_question: { responseId: meta.id, question: a.question } },
          create: { id: crypto.randomUUID(), responseId: meta.id, question: a.question, ...data },
          update: data,
        });
      }
      if (remove.length > 0) await db.answer.deleteMany({ where: { responseId: meta.id, question: { in: remove } } });
    },
    async complete(meta, at) {
      await db.response.updateMany({ where: { id: meta.id }, data: { status: "completed", completedAt: at } });
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
