import { isLocale } from "../../engine/locale.ts";
import type { Respondent, RespondentStatus, RespondentStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

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

export function createRespondentStore(db: PrismaClient, sql: Sql): RespondentStore {
  const select = (channel: string, platformId: string) =>
    sql.query<Row>(
      `SELECT "id", "channel", "platformId", "locale", "status", "serviceId" FROM "Respondent" WHERE "channel" = ? AND "platformId" = ?`,
      channel,
      platformId,
    );
  return {
    async find(channel, platformId) {
      const [found] = await select(channel, platformId);
      return found ? toRespondent(found) : null;
    },
    // On every inbound event: raw SQL, which skips the ORM's per-query compilation.
    async upsert(channel, platformId) {
      const [found] = await select(channel, platformId);
      if (found) return toRespondent(found);
      const now = sqlTime(new Date());
      await sql.execute(
        `INSERT INTO "Respondent" ("id", "channel", "platformId", "status", "createdAt", "updatedAt")
         VALUES (?, ?, ?, 'active', ?, ?) ON CONFLICT ("channel", "platformId") DO NOTHING`,
        crypto.randomUUID(),
        channel,
        platformId,
        now,
        now,
      );
      const [row] = await select(channel, platformId);
      if (!row) throw new Error("respondent vanished right after its insert");
      return toRespondent(row);
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
