import type { SurveyDefinition } from "../engine/definition.ts";
import type { Locale } from "../engine/locale.ts";
import type { AnswerValue, SessionState } from "../engine/state.ts";

export type RespondentStatus = "active" | "stopped" | "unreachable";

export type Respondent = {
  id: string;
  channel: string;
  platformId: string;
  locale: Locale | null;
  status: RespondentStatus;
  serviceId: string | null;
};

/**
 * The people who write to the bot: channel and platform id, language and status only.
 * @example const r = await respondents.upsert("telegram", "123456");
 */
export interface RespondentStore {
  upsert(channel: string, platformId: string): Promise<Respondent>;
  update(id: string, patch: Partial<Pick<Respondent, "locale" | "status" | "serviceId">> & { consentAt?: Date }): Promise<void>;
  /** Erases the person and everything linkable to them; anonymous answers stay. */
  forget(id: string): Promise<void>;
}

export type StoredSurvey = {
  surveyId: string;
  versionId: string;
  version: number;
  definition: SurveyDefinition;
};

export interface SurveyStore {
  latest(slug: string): Promise<StoredSurvey | null>;
  version(slug: string, version: number): Promise<StoredSurvey | null>;
  /** Stores a definition; an unchanged one keeps its version, a changed one gets the next. */
  import(definition: SurveyDefinition): Promise<{ survey: StoredSurvey; created: boolean }>;
  list(): Promise<{ slug: string; version: number; title: string; questions: number }[]>;
}

export type Service = {
  id: string;
  code: string;
  name: string;
  locality: string | null;
  localityId: string | null;
  surveySlug: string | null;
};

export interface ServiceStore {
  byCode(code: string): Promise<Service | null>;
  byId(id: string): Promise<Service | null>;
  /** Adds a service (and its locality if new); throws `ConflictError` if the code exists. */
  add(input: { code: string; name: string; locality?: string | null; surveySlug?: string | null }): Promise<Service>;
  list(): Promise<Service[]>;
}

export type StoredSession = {
  id: string;
  respondentId: string;
  surveySlug: string;
  /** Assigned when the session starts; the response row is created with the first answer. */
  responseId: string;
  state: SessionState;
  version: number;
};

/** Sessions are saved only if nobody saved them since they were read (`expectedVersion`). */
export interface SessionStore {
  latestFor(respondentId: string): Promise<StoredSession | null>;
  find(respondentId: string, surveySlug: string): Promise<StoredSession | null>;
  /** Null when the person already has a session for this survey (a concurrent start won). */
  create(session: Omit<StoredSession, "id" | "version">): Promise<StoredSession | null>;
  save(id: string, state: SessionState, expectedVersion: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  /** Deletes sessions untouched since `before`; returns how many. */
  deleteIdleSince(before: Date): Promise<number>;
}

export type ResponseMeta = {
  id: string;
  surveyVersionId: string;
  respondentId: string | null;
  serviceId: string | null;
  localityId: string | null;
  locale: Locale;
  startedAt: Date;
};

export type AnswerRow = {
  question: string;
  value: Exclude<AnswerValue, undefined>;
  number: number | null;
  indicator: string | null;
  at: Date;
};

export interface ResponseStore {
  /**
   * Writes these answers and removes those named. Idempotent. `first` creates the response
   * row (if it does not exist); later calls create it only if it turns out to be missing.
   */
  record(meta: ResponseMeta, answers: AnswerRow[], remove: string[], options?: { first?: boolean }): Promise<void>;
  complete(meta: ResponseMeta, at: Date): Promise<void>;
  /** The "already answered" mark, kept apart from the (possibly anonymous) answers. */
  markParticipation(respondentId: string, surveyId: string, at: Date): Promise<void>;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "delivered" | "seen";

export type NewOutboxMessage = {
  channel: string;
  recipient: string;
  respondentId: string | null;
  /** Channel-rendered payload, stored as JSON. */
  payload: unknown;
  /** 0 = a reply to someone who is waiting; higher = bulk (broadcasts, summaries). */
  priority: number;
  /** Unique: a message with a key already queued is not queued again. */
  dedupeKey: string;
  notBefore?: Date;
};

export type OutboxMessage = NewOutboxMessage & { id: string; attempts: number; notBefore: Date };

/**
 * Every message leaving the system. Ids sort in the order messages were queued, and a
 * recipient's messages are claimed one at a time in that order.
 */
export interface OutboxStore {
  /** Inserts, skipping any whose dedupe key exists (ON CONFLICT DO NOTHING); returns how many were new. */
  enqueue(messages: NewOutboxMessage[]): Promise<number>;
  /**
   * Leases up to `limit` due messages: pending ones whose time has come, and sending ones
   * whose lease expired (a killed process's). At most one per recipient, its oldest.
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Sent and failed messages keep status, key and platform id; recipient and payload are erased. */
  markSent(id: string, externalId: string | null, now: Date): Promise<void>;
  /** Back to pending until `notBefore`, keeping the reason. */
  /** `notTried`: the message was handed back without being sent, so the attempt is given back. */
  reschedule(id: string, notBefore: Date, reason: string, options?: { notTried?: boolean }): Promise<void>;
  markFailed(id: string, reason: string): Promise<void>;
  /** Counts by status of the messages whose dedupe key starts with `prefix`. */
  countByStatus(prefix: string): Promise<Partial<Record<OutboxStatus, number>>>;
}

/**
 * Inbound updates already handled, by channel and the platform's id for the update (never
 * the update itself nor who sent it), so a redelivery changes nothing and sends nothing.
 */
export interface ProcessedUpdateStore {
  seen(channel: string, externalId: string): Promise<boolean>;
  /** Idempotent (ON CONFLICT DO NOTHING). */
  mark(channel: string, externalId: string): Promise<void>;
}

export type Store = {
  respondents: RespondentStore;
  surveys: SurveyStore;
  services: ServiceStore;
  sessions: SessionStore;
  responses: ResponseStore;
  outbox: OutboxStore;
  updates: ProcessedUpdateStore;
  /** Cheap round trip for `/health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export class ConflictError extends Error {
  override name = "ConflictError";
}
