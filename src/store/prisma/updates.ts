import type { ProcessedUpdateStore } from "../ports.ts";
import { sqlTime } from "./client.ts";
import { utcDay } from "./day.ts";
import type { Sql } from "./sql.ts";

export function createProcessedUpdateStore(sql: Sql): ProcessedUpdateStore {
  return {
    async seen(channel, externalId) {
      const rows = await sql.query(
        `SELECT 1 FROM "ProcessedUpdate" WHERE "channel" = ? AND "externalId" = ?`,
        channel,
        externalId,
      );
      return rows.length > 0;
    },
    async mark(channel, externalId) {
      await sql.execute(
        `INSERT INTO "ProcessedUpdate" ("channel", "externalId", "createdAt") VALUES (?, ?, ?)
         ON CONFLICT ("channel", "externalId") DO NOTHING`,
        channel,
        externalId,
        // The day only: a moment would line up with the person's other rows.
        sqlTime(utcDay(new Date())),
      );
    },
  };
}
