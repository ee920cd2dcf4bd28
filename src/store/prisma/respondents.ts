import { isLocale } from "../../engine/locale.ts";
import type { Respondent, RespondentStatus, RespondentStore } from "../ports.ts";
import { isUniqueViolation, type PrismaClient } from "./client.ts";

type Row = { id: string; channel: string; platformId: string; locale: string | null; status: string; serviceId: string | null };

function toRespondent(row: Row): Respondent {
  return {
    id: row.id,
    channel: row.channel,
    platformId: row.platformId,
    locale: isLocale(row.locale) ? row.locale : null,
    status: row.status as RespondentStatus,
    serviceId: row.serviceId,
  };
}

export function createRespondentStore(db: PrismaClient): RespondentStore {
  return {
    async upsert(channel, platformId) {
      const found = await db.respondent.findUnique({ where: { channel_platformId: { channel, platformId } } });
      if (found) return toRespondent(found);
      try {
        return toRespondent(await db.respondent.create({ data: { id: crypto.randomUUID(), channel, platformId } }));
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await db.respondent.findUniqueOrThrow({ where: { channel_platformId: { channel, platformId } } });
        return toRespondent(row);
      }
    },
    async update(id, patch) {
      await db.respondent.update({ where: { id }, data: patch });
    },
    async forget(id) {
      // Outbox rows carry the chat id; sessions, staff, participation and linked
      // responses cascade from the respondent row.
      await db.outbox.deleteMany({ where: { respondentId: id } });
      await db.respondent.deleteMany({ where: { id } });
    },
  };
}
