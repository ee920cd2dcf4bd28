/**
 * How long Glas keeps each kind of data. The retention job, `glas purge` and the README's
 * record of processing all read these, so they cannot disagree.
 */
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

export type RetentionPolicy = { commentDays: number; inactiveDays: number };

export const DEFAULT_POLICY: RetentionPolicy = { commentDays: DEFAULT_COMMENT_DAYS, inactiveDays: DEFAULT_INACTIVE_DAYS };

/** Midnight (UTC) `days` days before the day of `now`: comments and activity are kept by the day. */
export function dayCutoff(now: Date, days: number): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - days * DAY_MS);
}

export const ago = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/** The policy the configuration sets (RETENTION_COMMENT_DAYS, RETENTION_INACTIVE_DAYS). */
export const retentionPolicy = (config: {
  RETENTION_COMMENT_DAYS: number;
  RETENTION_INACTIVE_DAYS: number;
}): RetentionPolicy => ({
  commentDays: config.RETENTION_COMMENT_DAYS,
  inactiveDays: config.RETENTION_INACTIVE_DAYS,
});
