import type { SessionState } from "../../engine/state.ts";
import type { SessionStore, StoredSession } from "../ports.ts";
import { isUniqueViolation, type PrismaClient } from "./client.ts";

type Row = { id: string; respondentId: string; surveySlug: string; responseId: string; state: string; version: number };

const toSession = (row: Row): StoredSession => ({
  id: row.id,
  respondentId: row.respondentId,
  surveySlug: row.surveySlug,
  responseId: row.responseId,
  state: JSON.parse(row.state) as SessionState,
  version: row.version,
});

export function createSessionStore(db: PrismaClient): SessionStore {
  return {
    async latestFor(respondentId) {
      const row = await db.session.findFirst({ where: { respondentId }, orderBy: { updatedAt: "desc" } });
      return row ? toSession(row) : null;
    },
    async find(respondentId, surveySlug) {
      const row = await db.session.findUnique({ where: { respondentId_surveySlug: { respondentId, surveySlug } } });
      return row ? toSession(row) : null;
    },
    async create(session) {
      try {
        const row = await db.session.create({
          data: {
            id: crypto.randomUUID(),
            respondentId: session.respondentId,
            surveySlug: session.surveySlug,
            responseId: session.responseId,
            state: JSON.stringify(session.state),
          },
        });
        return toSession(row);
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },
    async save(id, state, expectedVersion) {
      const { count } = await db.session.updateMany({
        where: { id, version: expectedVersion },
        data: { state: JSON.stringify(state), version: expectedVersion + 1 },
      });
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
