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
