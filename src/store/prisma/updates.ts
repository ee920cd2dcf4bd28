import type { ProcessedUpdateStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";

export function createProcessedUpdateStore(db: PrismaClient): ProcessedUpdateStore {
  return {
    async seen(channel, externalId) {
      const rows = await db.$queryRaw<unknown[]>`
        SELECT 1 FROM "ProcessedUpdate" WHERE "channel" = ${channel} AND "externalId" = ${externalId}`;
      return rows.length > 0;
    },
    async mark(channel, externalId) {
      await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("channel", "externalId", "createdAt")
        VALUES (${channel}, ${externalId}, ${sqlTime(new Date())})
        ON CONFLICT ("channel", "externalId") DO NOTHING`;
    },
  };
}
