import type { ProcessedUpdateStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";

export function createProcessedUpdateStore(db: PrismaClient): ProcessedUpdateStore {
  return {
    async seen(channel, externalId) {
      const row = await db.processedUpdate.findUnique({ where: { channel_externalId: { channel, externalId } } });
      return row !== null;
    },
    async mark(channel, externalId) {
      await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("channel", "externalId", "createdAt")
        VALUES (${channel}, ${externalId}, ${sqlTime(new Date())})
        ON CONFLICT ("channel", "externalId") DO NOTHING`;
    },
  };
}
