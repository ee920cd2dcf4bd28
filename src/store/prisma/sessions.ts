import type { SessionState } from "../../engine/state.ts";
import type { SessionStore, StoredSession } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";

type Row = { id: string; respondentId: string; surveySlug: string; responseId: string; state: string; version: number };

const toSession = (row: Row): StoredSession => ({
  id: row.id,
  respondentId: row.respondentId,
  surveySlug: row.surveySlug,
  responseId: row.responseId,
  state: JSON.parse(row.state) as SessionState,
  version: row.version,
});

const COLUMNS = `"id", "respondentId", "surveySlug", "responseId", "state", "version"`;

/** Read and written on every answer: raw SQL, with the version check in the statement itself. */
export function createSessionStore(db: PrismaClient): SessionStore {
  return {
    async latestFor(respondentId) {
      const [row] = await db.$queryRawUnsafe<Row[]>(
        `SELECT ${COLUMNS} FROM "Session" WHERE "respondentId" = ? ORDER BY "updatedAt" DESC LIMIT 1`,
        respondentId,
      );
      return row ? toSession(row) : null;
    },
    async find(respondentId, surveySlug) {
      const [row] = await db.$queryRawUnsafe<Row[]>(
        `SELECT ${COLUMNS} FROM "Session" WHERE "respondentId" = ? AND "surveySlug" = ?`,
        respondentId,
        surveySlug,
      );
      return row ? toSession(row) : null;
    },
    async create(session) {
      const id = crypto.randomUUID();
      const state = JSON.stringify(session.state);
      // A concurrent start for the same person and survey loses here, cleanly.
      const inserted = await db.$executeRaw`
        INSERT INTO "Session" ("id", "respondentId", "surveySlug", "responseId", "state", "version", "updatedAt")
        VALUES (${id}, ${session.respondentId}, ${session.surveySlug}, ${session.responseId}, ${state}, 0, ${sqlTime(new Date())})
        ON CONFLICT ("respondentId", "surveySlug") DO NOTHING`;
      return inserted === 1 ? { ...session, id, version: 0 } : null;
    },
    async save(id, state, expectedVersion) {
      const count = await db.$executeRaw`
        UPDATE "Session" SET "state" = ${JSON.stringify(state)}, "version" = ${expectedVersion + 1}, "updatedAt" = ${sqlTime(new Date())}
        WHERE "id" = ${id} AND "version" = ${expectedVersion}`;
      return count === 1;
    },
    async delete(id) {
      await db.session.deleteMany({ where: { id } });
    },
    async deleteIdleSince(before) {
      const { count } = await db.session.deleteMany({ where: { updatedAt: { lt: before } } });
      return count;
    },
  };
}
