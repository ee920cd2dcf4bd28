import type { Locale } from "./locale.ts";

export type AnswerValue = string | string[] | number | null;

export type Phase = "language" | "consent" | "question" | "completed" | "declined";

/**
 * A session's state: plain JSON, pinned to the survey version it started with.
 * `answers` holds null for a question the person skipped.
 */
export type SessionState = {
  v: 1;
  survey: { slug: string; version: number };
  phase: Phase;
  locale: Locale | null;
  service: string | null;
  /** Index of the question being asked, when phase is "question". */
  current: number | null;
  /** Indices of the questions asked before the current one, for "back". */
  trail: number[];
  answers: Record<string, AnswerValue>;
  /** Choices ticked so far on the current multiple-choice question. */
  draft: string[] | null;
  /** Typed answers by the id of the message that gave them (`ref`), so an edit of it replaces the answer. */
  typed?: Record<string, string>;
  /** Ids of the latest events handled, so a redelivered event changes nothing. */
  seen: string[];
  startedAt: string;
  updatedAt: string;
};

export const SEEN_EVENTS_KEPT = 32;
/** An unfinished session older than this starts over. */
export const SESSION_TTL_MS = 72 * 60 * 60 * 1000;

export function isFinished(state: SessionState): boolean {
  return state.phase === "completed" || state.phase === "declined";
}

export function isExpired(state: SessionState, at: string): boolean {
  return !isFinished(state) && Date.parse(at) - Date.parse(state.updatedAt) > SESSION_TTL_MS;
}

/** Answers that changed between two states: written to the answer table by the use case. */
export function diffAnswers(
  before: Record<string, AnswerValue>,
  after: Record<string, AnswerValue>,
): { upsert: Record<string, AnswerValue>; remove: string[] } {
  const upsert: Record<string, AnswerValue> = {};
  for (const [name, value] of Object.entries(after)) {
    if (!(name in before) || JSON.stringify(before[name]) !== JSON.stringify(value)) upsert[name] = value;
  }
  const remove = Object.keys(before).filter((name) => !(name in after));
  return { upsert, remove };
}
