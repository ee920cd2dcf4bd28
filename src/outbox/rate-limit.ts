/** Sending limits of one channel (one bot). */
export type RateLimit = {
  /** Messages per second for the whole channel (Telegram allows about 30 per bot). */
  perSecond: number;
  /** Least time between two bulk messages to one chat (Telegram: about 1 per second). */
  perRecipientMs: number;
  /** Messages that may go back to back after a quiet spell; 1 spaces every message evenly. */
  burst?: number;
};

export interface RateLimiter {
  /**
   * Takes a sending slot: 0 if the message may go now (the slot is then used), otherwise
   * the milliseconds to wait before asking again (nothing is used).
   */
  take(recipient: string, bulk: boolean, nowMs: number): number;
  /**
   * Books the earliest slot that `horizonMs` reaches: its time (at or after `nowMs`, the slot is
   * then used), or null when the first free one lies further ahead, or when it is the chat's
   * interval, not the channel, that keeps the message waiting (nothing is used).
   */
  reserve(recipient: string, bulk: boolean, nowMs: number, horizonMs: number): number | null;
  /** How long (ms) from `nowMs` until the channel, whatever the chat, has a slot (nothing is used). */
  channelWait(nowMs: number): number;
}

/** Timers fire a millisecond or two late; a send this late still keeps the channel's schedule. */
export const SCHEDULE_SLACK_MS = 5;

/** The lateness a fast channel's schedule absorbs by letting the messages due within it go together. */
const LATE_BURST_MS = 10;

/** No chat: what the channel alone asks a message to wait. */
const CHANNEL_ONLY = "\u0000channel";

/** Past this many remembered chats, those whose interval has passed are forgotten. */
const RECIPIENTS_KEPT = 10_000;

/**
 * A token bucket for the channel (kept as the time the bucket next has a token, GCRA-style)
 * and a minimum interval per chat for bulk messages. Pure: the caller brings the clock.
 * With `burst` 1, any second holds at most `perSecond` messages.
 * @example
 * const limiter = createRateLimiter({ perSecond: 25, perRecipientMs: 1000 });
 * const waitMs = limiter.take("123456", true, Date.now());
 */
export function createRateLimiter({ perSecond, perRecipientMs, burst = 1 }: RateLimit): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError("perSecond must be positive");
  // From 100 a second, a message or more falls due within a busy timer's lateness (timers fire
  // a millisecond or more late, and at 1,000 a second an interval is one): those may go together,
  // as a burst of that many, paid for by keeping that many a second below the rate (1%), so any
  // second still holds at most `perSecond` and the rate is still met. Under 100 a second, none.
  const lateBurst = Math.floor((LATE_BURST_MS * perSecond) / 1000);
  // Channel times are kept in units of 1/rate ms, so one interval is exactly 1000 and whole
  // rates never meet float error (at 30/s, 30 intervals are exactly one second).
  const scale = perSecond - lateBurst;
  const interval = 1000;
  const tolerance = (Math.max(1, burst) - 1 + lateBurst) * interval;
  let nextFree = Number.NEGATIVE_INFINITY;
  /** How late (in channel units) a caller may be and keep the schedule: 5 ms, at most a quarter interval. */
  const slack = Math.min(SCHEDULE_SLACK_MS * scale, interval / 4);
  const lastSentAt = new Map<string, number>();

  function forgetOld(nowMs: number): void {
    if (lastSentAt.size < RECIPIENTS_KEPT) return;
    for (const [recipient, at] of lastSentAt) if (at + perRecipientMs <= nowMs) lastSentAt.delete(recipient);
  }

  /** How long (ms) a message to `recipient` must wait from `nowMs`. */
  function waitFor(recipient: string, bulk: boolean, nowMs: number): number {
    const channelWaitMs = Math.max(0, nextFree - tolerance - nowMs * scale) / scale;
    const last = lastSentAt.get(recipient);
    // Replies go out at once; every message still counts towards the chat's next bulk one.
    const recipientWaitMs = bulk && last !== undefined ? Math.max(0, last + perRecipientMs - nowMs) : 0;
    return Math.max(channelWaitMs, recipientWaitMs);
  }

  function use(recipient: string, atMs: number, nowMs: number): void {
    const at = atMs * scale;
    // A caller back a little late (waits are whole milliseconds, rounded up, and timers fire
    // late) keeps the schedule, or the rate would drift below `perSecond`; the slack is small
    // enough that no second ever holds more than `perSecond` rounded up.
    nextFree = (at - nextFree < slack ? nextFree : at) + interval;
    forgetOld(nowMs);
    lastSentAt.set(recipient, atMs);
  }

  return {
    take(recipient, bulk, nowMs) {
      const waitMs = waitFor(recipient, bulk, nowMs);
      if (waitMs > 0) return Math.ceil(waitMs);
      use(recipient, nowMs, nowMs);
      return 0;
    },
    reserve(recipient, bulk, nowMs, horizonMs) {
      const waitMs = waitFor(recipient, bulk, nowMs);
      // A slot booked ahead for a chat's own interval would skip the channel's slots before it.
      if (waitMs > horizonMs || (waitMs > 0 && waitMs > waitFor(CHANNEL_ONLY, false, nowMs))) return null;
      const at = nowMs + waitMs;
      use(recipient, at, nowMs);
      return at;
    },
    channelWait: (nowMs) => waitFor(CHANNEL_ONLY, false, nowMs),
  };
}
