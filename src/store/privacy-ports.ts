import type { SurveyDefinition } from "../engine/definition.ts";
import type { Locale } from "../engine/locale.ts";
import type { AnswerValue } from "../engine/state.ts";

// Spelled out here rather than imported: ports.ts imports this file.
type LocalizedText = Partial<Record<Locale, string>>;
type RespondentStatus = "active" | "stopped" | "unreachable";

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
  /** Deletes these questions' typed answers (not the marks of a skipped one) given before `before`; returns how many. */
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

/** A questionnaire linked to the person (a survey that is not anonymous), as `/mydata` shows it. */
export type LinkedResponse = {
  day: Date;
  completed: boolean;
  definition: SurveyDefinition;
  answers: { question: string; value: AnswerValue }[];
};

/** What Glas keeps about one person, for `/mydata`: theirs only, read by their respondent id. */
export type PersonalData = {
  channel: string;
  locale: Locale | null;
  status: RespondentStatus;
  firstWrote: Date;
  service: { code: string; name: string } | null;
  staffRole: string | null;
  /** Surveys they answered ("already answered" marks), anonymous ones included: the survey, never the answers. */
  surveys: { definition: SurveyDefinition; count: number }[];
  /** Their linked questionnaires, latest first, at most the number asked for. */
  responses: LinkedResponse[];
  responsesTotal: number;
  replies: {
    consultation: { text: LocalizedText; choices: LocalizedText[] | null; sourceLocale: Locale };
    choice: number | null;
    text: string | null;
  }[];
};

export interface PersonalDataStore {
  /** Null when there is no such person. */
  personalData(respondentId: string, limits: { responses: number; replies: number }): Promise<PersonalData | null>;
}
