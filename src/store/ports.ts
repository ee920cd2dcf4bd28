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
  /** Creates the response if needed, writes these answers and removes those named. Idempotent. */
  record(meta: ResponseMeta, answers: AnswerRow[], remove: string[]): Promise<void>;
  complete(meta: ResponseMeta, at: Date): Promise<void>;
  /** The "already answered" mark, kept apart from the (possibly anonymous) answers. */
  markParticipation(respondentId: string, surveyId: string, at: Date): Promise<void>;
}

export type Store = {
  respondents: RespondentStore;
  surveys: SurveyStore;
  services: ServiceStore;
  sessions: SessionStore;
  responses: ResponseStore;
  /** Cheap round trip for `/health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export class ConflictError extends Error {
  override name = "ConflictError";
}
