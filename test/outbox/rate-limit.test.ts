import { describe, expect, it } from "vitest";
import { createRateLimiter, type RateLimit, type RateLimiter } from "../../src/outbox/rate-limit.ts";
import { busiestSecond } from "../support/rate.ts";

type Pending = { recipient: string; bulk: boolean };

/** Sends `queue` as fast as the limiter allows, on a fake clock that only moves by the waits it asks for. */
function simulate(limiter: RateLimiter, queue: Pending[], durationMs: number, startMs = 0): number[] {
  const sentAt: number[] = [];
  let now = startMs;
  for (const m of queue) {
    for (let wait = limiter.take(m.recipient, m.bulk, now); wait > 0; wait = limiter.take(m.recipient, m.bulk, now)) now += wait;
    if (now - startMs >= durationMs) break;
    sentAt.push(now - startMs);
  }
  return sentAt;
}

const chats = (n: number, bulk: boolean): Pending[] => Array.from({ length: n }, (_, i) => ({ recipient: `chat-${i}`, bulk }));

describe("rate limiter", () => {
  it.each([1, 2, 4])("keeps the full rate when every wait ends %i ms late, never exceeding it in any second", (lateMs) => {
    const limiter = createRateLimiter({ perSecond: 29.5, perRecipientMs: 1000 });
    const sentAt: number[] = [];
    let now = 0;
    for (const m of chats(600, true)) {
      for (let wait = limiter.take(m.recipient, true, now); wait > 0; wait = limiter.take(m.recipient, true, now))
        now += wait + lateMs;
      sentAt.push(now);
    }
    const perSecond = (sentAt.length - 1) / (((sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0)) / 1000);
    expect(perSecond).toBeGreaterThan(29.4);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(30);
  });

  it.each([0, 1, 2, 4])(
    "keeps 1000 a second (the most TELEGRAM_RATE allows) when waits end %i ms late, never more in any second",
    (lateMs) => {
      const limiter = createRateLimiter({ perSecond: 1000, perRecipientMs: 1000 });
      const sentAt: number[] = [];
      let now = 0;
      for (const m of chats(5000, true)) {
        for (let wait = limiter.take(m.recipient, true, now); wait > 0; wait = limiter.take(m.recipient, true, now))
          now += wait + lateMs;
        sentAt.push(now);
      }
      const perSecond = (sentAt.length - 1) / (((sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0)) / 1000);
      expect(perSecond).toBeGreaterThan(985);
      expect(busiestSecond(sentAt)).toBeLessThanOrEqual(1000);
    },
  );

  it.each<{ label: string; limit: RateLimit; queue: Pending[]; startMs?: number }>([
    { label: "25/s, replies to many chats", limit: { perSecond: 25, perRecipientMs: 1000 }, queue: chats(200, false) },
    { label: "25/s, bulk to many chats", limit: { perSecond: 25, perRecipientMs: 1000 }, queue: chats(200, true) },
    {
      label: "30/s, an interval that does not divide a second",
      limit: { perSecond: 30, perRecipientMs: 1000 },
      queue: chats(200, true),
    },
    {
      label: "30/s on a real epoch clock",
      limit: { perSecond: 30, perRecipientMs: 1000 },
      queue: chats(200, true),
      startMs: Date.parse("2026-11-24T08:00:00Z"),
    },
    { label: "7/s, mixed", limit: { perSecond: 7, perRecipientMs: 500 }, queue: [...chats(30, true), ...chats(30, false)] },
    { label: "1000/s, bulk to many chats", limit: { perSecond: 1000, perRecipientMs: 1000 }, queue: chats(6000, true) },
    { label: "400/s, replies", limit: { perSecond: 400, perRecipientMs: 1000 }, queue: chats(3000, false) },
    {
      label: "20/s with a burst of 5",
      limit: { perSecond: 20, perRecipientMs: 1000, burst: 5 },
      queue: chats(200, false),
    },
  ])("never exceeds the channel rate in any second, yet keeps up with it: $label", ({ limit, queue, startMs }) => {
    const sentAt = simulate(createRateLimiter(limit), queue, 5000, startMs);
    const allowed = limit.perSecond + (limit.burst ?? 1) - 1;
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(allowed);
    // From 100 a second the limiter runs up to 1% below the rate, to let timers be late.
    const kept = limit.perSecond >= 100 ? limit.perSecond * 0.99 : limit.perSecond;
    expect(sentAt.length).toBeGreaterThanOrEqual(kept * 5 - 1);
  });

  it.each<{ label: string; bulk: boolean; waits: number[] }>([
    { label: "replies to one chat go back to back (only the channel rate applies)", bulk: false, waits: [0, 40, 40, 40] },
    { label: "bulk messages to one chat keep the per-chat interval", bulk: true, waits: [0, 1000, 1000, 1000] },
  ])("$label", ({ bulk, waits }) => {
    const limiter = createRateLimiter({ perSecond: 25, perRecipientMs: 1000 });
    let now = 0;
    const observed: number[] = [];
    let last = 0;
    for (let i = 0; i < waits.length; i++) {
      while (limiter.take("chat-1", bulk, now) > 0) now += 1;
      observed.push(now - last);
      last = now;
    }
    expect(observed).toEqual(waits);
  });

  it("counts a reply towards the chat's next bulk message, but not the other way round", () => {
    const limiter = createRateLimiter({ perSecond: 1000, perRecipientMs: 1000 });
    expect(limiter.take("chat-1", false, 0)).toBe(0);
    expect(limiter.take("chat-1", true, 10)).toBe(990);
    expect(limiter.take("chat-1", false, 20)).toBe(0);
    expect(limiter.take("chat-2", true, 30)).toBe(0);
  });

  it("uses nothing when it says wait", () => {
    const limiter = createRateLimiter({ perSecond: 1, perRecipientMs: 1000 });
    expect(limiter.take("chat-1", true, 0)).toBe(0);
    expect(limiter.take("chat-1", true, 500)).toBe(500);
    expect(limiter.take("chat-2", true, 500)).toBe(500);
    expect(limiter.take("chat-2", true, 1000)).toBe(0);
  });

  it("is idle-friendly: after a quiet spell the first message goes at once", () => {
    const limiter = createRateLimiter({ perSecond: 25, perRecipientMs: 1000 });
    expect(limiter.take("chat-1", true, 0)).toBe(0);
    expect(limiter.take("chat-1", true, 60_000)).toBe(0);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createRateLimiter({ perSecond: 0, perRecipientMs: 1000 })).toThrow(RangeError);
  });
});
