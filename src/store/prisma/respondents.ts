import { isLocale } from "../../engine/locale.ts";
import type { Respondent, RespondentStatus, RespondentStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import { utcDay } from "./day.ts";
import type { Sql } from "./sql.ts";

type Row = {
  id: string;
  channel: string;
  platformId: string;
  locale: string | null;
  status: string;
  serviceId: string | null;
  lastActiveDay: string | null;
};

/** Today's midnight (UTC), as stored: activity is kept by the day only, never the time. */
const today = () => sqlTime(utcDay(new Date()));

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
      `SELECT "id", "channel", "platformId", "locale", "status", "serviceId", "lastActiveDay" FROM "Respondent" WHERE "channel" = ? AND "platformId" = ?`,
      channel,
      platformId,
    );
  // Both lookups serve inbound events only: each marks the day the person last wrote (at most
  // one write a day per person), for the retention of people who stopped writing.
  const active = async (row: Row): Promise<Respondent> => {
    const day = today();
    if (row.lastActiveDay !== day) await sql.execute(`UPDATE "Respondent" SET "lastActiveDay" = ? WHERE "id" = ?`, day, row.id);
    return toRespondent(row);
  };
  return {
    async find(channel, platformId) {
      const [found] = await select(channel, platformId);
      return found ? active(found) : null;
    },
    // On every inbound event: raw SQL, which skips the ORM's per-query compilation.
    async upsert(channel, platformId) {
      const [found] = await select(channel, platformId);
      if (found) return active(found);
      const now = sqlTime(utcDay(new Date()));
      await sql.execute(
        `INSERT INTO "Respondent" ("id", "channel", "platformId", "status", "createdAt", "updatedAt", "lastActiveDay")
         VALUES (?, ?, ?, 'active', ?, ?, ?) ON CONFLICT ("channel", "platformId") DO NOTHING`,
        crypto.randomUUID(),
        channel,
        platformId,
        now,
        now,
        today(),
      );
      const [row] = await select(channel, platformId);
      if (!row) throw new Error("respondent vanished right after its insert");
      return toRespondent(row);
    },
    async update(id, patch) {
      const { consentAt, ...rest } = patch;
      const data = { ...rest, ...(consentAt ? { consentAt: utcDay(consentAt) } : {}), updatedAt: utcDay(new Date()) };
      await db.respondent.updateMany({ where: { id }, data });
    },
    async setStatus(channel, platformId, status) {
      const changed = await sql.execute(
        `UPDATE "Respondent" SET "status" = ?, "updatedAt" = ? WHERE "channel" = ? AND "platformId" = ?`,
        status,
        sqlTime(utcDay(new Date())),
        channel,
        platformId,
      );
      return changed > 0;
    },
    async forget(id) {
      // Outbox rows carry the chat id; sessions, staff, participation, consultation replies
      // (their typed words included) and linked responses cascade from the respondent row.
      await db.outbox.deleteMany({ where: { respondentId: id } });
      await db.respondent.deleteMany({ where: { id } });
    },
  };
}
