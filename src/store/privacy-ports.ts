/** Who acted: a staff member in the chat, the operator at the command line, the admin API, or the scheduler. */
export type AuditActor = "staff" | "operator" | "admin_api" | "schedule";

/** Staff actions that reveal data or reach people. */
export const AUDIT_ACTIONS = [
  "summary.asked",
  "summary.sent",
  "export",
  "broadcast.confirmed",
  "invite.issued",
  "staff.joined",
  "staff.revoked",
  "api.call",
  "dashboard.signin",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One audit entry: when, who (a staff id, never a platform id or a name), in what role, what,
 * and its scope. `detail` names what was acted on (a survey slug, an API route), nothing personal.
 */
export type AuditEntry = {
  at: Date;
  actor: AuditActor;
  staffId: string | null;
  /** The staff member's role, or `operator` / `admin` for the command line and the API. */
  role: string;
  action: AuditAction;
  service: string | null;
  locality: string | null;
  period: string | null;
  detail: string | null;
};

/**
 * The audit log, append-only; entries older than the retention go (see usecases/privacy).
 * @example await audit.record({ at, actor: "operator", staffId: null, role: "operator", action: "export", ... });
 */
export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  /** Oldest first, from `since` (all when null). */
  list(since: Date | null): Promise<AuditEntry[]>;
  /** Deletes entries from before `before`; returns how many. */
  purgeBefore(before: Date): Promise<number>;
}

/** A survey version's typed-text questions: the answers retention erases after RETENTION_COMMENT_DAYS. */
export type TextQuestions = { surveyVersionId: string; questions: string[] };

/**
 * Deletions by age, each one statement (or a few) so that D1 runs them without transactions.
 * Times are compared as stored; the day-keyed ones get a midnight.
 */
export interface RetentionStore {
  /** Deletes these questions' answers given before `before`; returns how many. */
  purgeTextAnswers(questions: TextQuestions[], before: Date): Promise<number>;
  /** Erases the typed text of consultation replies made before `before` (the reply and its choice stay counted). */
  eraseReplyTexts(before: Date): Promise<number>;
  /** People whose last activity was before `before`, staff excepted: up to `limit` ids. */
  inactiveRespondents(before: Date, limit: number): Promise<string[]>;
  purgeProcessedUpdates(before: Date): Promise<number>;
  /**
   * Deletes sent and failed outbox rows settled before `before`. The rows of a group named by
   * one of `tallied` plus one more segment (`consult:<id>:`) go only once the whole group is
   * settled and old, and their counts by status are kept (`OutboxStore.countByStatus` reads them).
   */
  purgeSettledOutbox(before: Date, tallied: readonly string[]): Promise<number>;
  purgeDrafts(before: Date): Promise<number>;
}
