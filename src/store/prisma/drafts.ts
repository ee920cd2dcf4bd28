import { sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

/** The tables that hold one staff or person's unfinished draft, saved as JSON under a version. */
type DraftTable = "ConsultationDraft" | "FeedbackDraft";

/**
 * A person's one draft in `table`, saved only over the version that was read (a double tap loses
 * cleanly; D1 has no transactions); a new draft (no version read) replaces any earlier one.
 */
export function versionedDrafts(sql: Sql, table: DraftTable) {
  return {
    async saveDraft(respondentId: string, state: unknown, expectedVersion: number | null, now: Date): Promise<boolean> {
      const json = JSON.stringify(state);
      if (expectedVersion === null) {
        await sql.execute(
          `INSERT INTO "${table}" ("respondentId", "state", "version", "updatedAt") VALUES (?, ?, 0, ?)
           ON CONFLICT ("respondentId") DO UPDATE SET "state" = excluded."state", "version" = "version" + 1, "updatedAt" = excluded."updatedAt"`,
          respondentId,
          json,
          sqlTime(now),
        );
        return true;
      }
      const changed = await sql.execute(
        `UPDATE "${table}" SET "state" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "respondentId" = ? AND "version" = ?`,
        json,
        sqlTime(now),
        respondentId,
        expectedVersion,
      );
      return changed === 1;
    },

    async deleteDraft(respondentId: string): Promise<void> {
      await sql.execute(`DELETE FROM "${table}" WHERE "respondentId" = ?`, respondentId);
    },
  };
}
