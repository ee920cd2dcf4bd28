import type { SessionState } from "../../engine/state.ts";
import type { SessionStore, StoredSession } from "../ports.ts";
import { sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

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
export function createSessionStore(sql: Sql): SessionStore {
  return {
    async latestFor(respondentId) {
      const [row] = await sql.query<Row>(
        `SELECT ${COLUMNS} FROM "Session" WHERE "respondentId" = ? ORDER BY "updatedAt" DESC LIMIT 1`,
        respondentId,
      );
      return row ? toSession(row) : null;
    },
    async find(respondentId, surveySlug) {
      const [row] = await sql.query<Row>(
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
      const inserted = await sql.execute(
        `INSERT INTO "Session" ("id", "respondentId", "surveySlug", "responseId", "state", "version", "updatedAt")
         VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT ("respondentId", "surveySlug") DO NOTHING`,
        id,
        session.respondentId,
        session.surveySlug,
        session.responseId,
        state,
        sqlTime(new Date()),
      );
      return inserted === 1 ? { ...session, id, version: 0 } : null;
    },
    async save(id, state, expectedVersion) {
      const count = await sql.execute(
        `UPDATE "Session" SET "state" = ?, "version" = ?, "updatedAt" = ? WHERE "id" = ? AND "version" = ?`,
        JSON.stringify(state),
        expectedVersion + 1,
        sqlTime(new Date()),
        id,
        expectedVersion,
      );
      return count === 1;
    },
    async delete(id) {
      await sql.execute(`DELETE FROM "Session" WHERE "id" = ?`, id);
    },
    async deleteIdleSince(before) {
      return sql.execute(`DELETE FROM "Session" WHERE "updatedAt" < ?`, sqlTime(before));
    },
  };
}
