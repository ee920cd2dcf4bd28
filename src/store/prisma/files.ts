import type { FileStore, StoredFile } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

/** Unguessable: 32 random bytes (256 bits) in a link. */
export const FILE_TOKEN_BYTES = 32;

/** base64url without padding, with Web APIs only (the store runs on Workers too). */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function newFileToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(FILE_TOKEN_BYTES)));
}

type Row = { id: string; token: string; contentType: string; filename: string; bytes: Uint8Array; expiresAt: Date };

const toFile = (row: Row): StoredFile => ({
  id: row.id,
  token: row.token,
  contentType: row.contentType,
  filename: row.filename,
  bytes: new Uint8Array(row.bytes),
  expiresAt: row.expiresAt,
});

/** Files through Prisma's client: it binds and reads BLOBs the same way on SQLite and D1. */
export function createFileStore(db: PrismaClient, sql: Sql): FileStore {
  return {
    async put(file) {
      const row = {
        id: crypto.randomUUID(),
        token: newFileToken(),
        contentType: file.contentType,
        filename: file.filename,
        expiresAt: file.expiresAt,
      };
      await db.storedFile.create({ data: { ...row, bytes: file.bytes.slice() } });
      return row;
    },

    async byId(id, now) {
      const row = await db.storedFile.findFirst({ where: { id, expiresAt: { gt: now } } });
      return row ? toFile(row) : null;
    },

    async byToken(token, now) {
      const row = await db.storedFile.findFirst({ where: { token, expiresAt: { gt: now } } });
      return row ? toFile(row) : null;
    },

    async purgeExpired(now) {
      // Plain SQL: run at every start and every hour, it need not wake Prisma's query compiler.
      return sql.execute(`DELETE FROM "StoredFile" WHERE "expiresAt" <= ?`, sqlTime(now));
    },
  };
}
