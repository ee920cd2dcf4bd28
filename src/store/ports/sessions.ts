/* Survey sessions, and the responses written when they complete. */
import type { Locale } from "../../engine/locale.ts";
import type { AnswerValue, SessionState } from "../../engine/state.ts";

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

export type AnswerRow = {
  question: string;
  value: Exclude<AnswerValue, undefined>;
  number: number | null;
  indicator: string | null;
};

/** A completed questionnaire, as it is written: once, with its day and never a time of day. */
export type CompletedResponse = {
  /** Random; assigned when the session started, so writing it again changes nothing. */
  id: string;
  surveyVersionId: string;
  /** Null for an anonymous survey. */
  respondentId: string | null;
  serviceId: string | null;
  localityId: string | null;
  locale: Locale;
  /** The start of the local day (TIMEZONE) it was completed on. */
  day: Date;
  answers: AnswerRow[];
};

export interface ResponseStore {
  /**
   * Writes a completed response and its answers. Idempotent (ON CONFLICT DO NOTHING on the
   * response's id and on each answer's key), so writing it again repairs a write a crash cut short.
   */
  write(response: CompletedResponse): Promise<void>;
  /** The "already answered" mark, kept apart from the (possibly anonymous) answers: the day only. */
  markParticipation(respondentId: string, surveyId: string, at: Date): Promise<void>;
}
