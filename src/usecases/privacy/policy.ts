/**
 * How long Glas keeps each kind of data. The retention job, `glas purge` and the README's
 * record of processing all read these, so they cannot disagree.
 */
import { localDay, startOfDay } from "../../reports/periods.ts";

export const DAY_MS = 86_400_000;

/** Typed survey comments and consultation replies (RETENTION_COMMENT_DAYS). */
export const DEFAULT_COMMENT_DAYS = 365;
/** People with no activity are erased as by /forget (RETENTION_INACTIVE_DAYS). */
export const DEFAULT_INACTIVE_DAYS = 730;
/** Telegram redelivers an update for at most 24 hours, Viber for an hour. */
export const PROCESSED_UPDATE_DAYS = 7;
/** Sent and failed messages keep only their status and key; then they go. */
export const SETTLED_OUTBOX_DAYS = 30;
/** A consultation being written and left. */
export const ABANDONED_DRAFT_DAYS = 30;
/** What staff did (the audit log): two years. */
export const AUDIT_DAYS = 730;

/** `timeZone` (TIMEZONE): answers are dated by their local day, so retention counts local days. */
export type RetentionPolicy = { commentDays: number; inactiveDays: number; timeZone: string };

export const DEFAULT_POLICY: RetentionPolicy = {
  commentDays: DEFAULT_COMMENT_DAYS,
  inactiveDays: DEFAULT_INACTIVE_DAYS,
  timeZone: "Europe/Chisinau",
};

/**
 * The start of the local day `days` days before the day of `now`: what is dated before it goes.
 * Comments carry the day they were written and nothing finer, so retention is kept by the day.
 */
export function dayCutoff(now: Date, days: number, timeZone: string): Date {
  const today = localDay(now, timeZone);
  const then = new Date(Date.UTC(today.y, today.m - 1, today.d) - days * DAY_MS);
  return startOfDay({ y: then.getUTCFullYear(), m: then.getUTCMonth() + 1, d: then.getUTCDate() }, timeZone);
}

export const ago = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/** The policy the configuration sets (RETENTION_COMMENT_DAYS, RETENTION_INACTIVE_DAYS). */
export const retentionPolicy = (config: {
  RETENTION_COMMENT_DAYS: number;
  RETENTION_INACTIVE_DAYS: number;
  TIMEZONE: string;
}): RetentionPolicy => ({
  commentDays: config.RETENTION_COMMENT_DAYS,
  inactiveDays: config.RETENTION_INACTIVE_DAYS,
  timeZone: config.TIMEZONE,
});
