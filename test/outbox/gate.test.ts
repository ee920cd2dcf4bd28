import { describe, expect, it } from "vitest";
import { chatKey, createGateCore, createMemoryGate, type Reservation, type SlotRequest } from "../../src/outbox/gate.ts";
import { createRateLimiter } from "../../src/outbox/rate-limit.ts";
import { busiestSecond } from "../support/rate.ts";

const bulk = (n: number, prefix = "chat"): SlotRequest[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i}`, bulk: true }));

function slots(r: Reservation): Extract<Reservation, { type: "slots" }> {
  if (r.type !== "slots") throw new Error(`expected slots, got ${r.type}`);
  return r;
}

describe("gate core", () => {
  it("books a whole batch up to the horizon in one call, and tells the rest when to ask again", () => {
    const core = createGateCore({ perSecond: 10, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs: 20 });
    const r = slots(core.reserve(bulk(32), 0));
    const booked = r.at.filter((w): w is number => w !== null);
    expect(booked).toHaveLength(10);
    expect(booked[0]).toBe(0);
    expect(r.at.slice(10).every((w) => w === null)).toBe(true);
    // Spaced for sends up to lateMs (and the limiter's slack) late: 102.5 ms, 1025 ms for ten.
    for (let i = 1; i < booked.length; i++) expect((booked[i] ?? 0) - (booked[i - 1] ?? 0)).toBeGreaterThanOrEqual(102);
    expect(booked.at(-1)).toBeCloseTo(922.5);
    // The 11th slot is at 1025 ms: asked again half a horizon before it.
    expect(r.retryMs).toBe(525);
    expect(r.lateMs).toBe(20);
  });

  it.each([
    { label: "3 invocations, 5/s, sends up to 20 ms late", rate: 5, callers: 3, lateMs: 20 },
    { label: "8 invocations, 25/s, sends up to 25 ms late", rate: 25, callers: 8, lateMs: 25 },
    { label: "2 invocations, 30/s, sends on time", rate: 30, callers: 2, lateMs: 25 },
  ])("keeps any second to the rate whoever books, however late within lateMs they send: $label", ({ rate, callers, lateMs }) => {
    const core = createGateCore({ perSecond: rate, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs });
    // Each caller asks for its batch at its own moments, sends each slot late by a varying amount.
    const sentAt: number[] = [];
    const nextAsk = Array.from({ length: callers }, (_, c) => c * 37);
    const left = Array.from({ length: callers }, () => 200);
    let seed = 7;
    const jitter = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * lateMs;
    };
    for (let round = 0; round < 10_000 && left.some((n) => n > 0); round++) {
      const c = nextAsk.indexOf(Math.min(...nextAsk.filter((_, i) => (left[i] ?? 0) > 0)));
      const at = nextAsk[c] ?? 0;
      const r = slots(core.reserve(bulk(Math.min(32, left[c] ?? 0), `c${c}-${round}`), at));
      const booked = r.at.filter((w): w is number => w !== null);
      for (const slot of booked) sentAt.push(slot + jitter());
      left[c] = (left[c] ?? 0) - booked.length;
      nextAsk[c] = booked.length > 0 ? (booked.at(-1) ?? at) : at + r.retryMs;
    }
    expect(sentAt).toHaveLength(callers * 200);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(rate);
    // …and uses the rate: no more than the spacing for lateness is lost.
    const span = (Math.max(...sentAt) - Math.min(...sentAt)) / 1000;
    expect((sentAt.length - 1) / span).toBeGreaterThan(rate * (1000 / (1000 + lateMs + 5)) * 0.99);
  });

  it("spaces bulk messages to one chat by the per-chat interval, booking nothing ahead for it", () => {
    const core = createGateCore({ perSecond: 25, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs: 20 });
    expect(slots(core.reserve([{ key: "a", bulk: true }], 0)).at).toEqual([0]);
    // The chat's interval, not the channel, keeps it: ask again, and the channel's slots stay free.
    const early = slots(core.reserve([{ key: "a", bulk: true }], 100));
    expect(early.at).toEqual([null]);
    expect(early.retryMs).toBe(400);
    expect(slots(core.reserve([{ key: "b", bulk: true }], 100)).at).toEqual([100]);
    expect(slots(core.reserve([{ key: "a", bulk: false }], 300)).at).toEqual([300]);
    // A reply counts towards the chat's next bulk message.
    expect(slots(core.reserve([{ key: "a", bulk: true }], 1000)).at).toEqual([null]);
    expect(slots(core.reserve([{ key: "a", bulk: true }], 1300)).at).toEqual([1300]);
  });

  it("holds others back no longer than the horizon when a caller books and never sends", () => {
    const core = createGateCore({ perSecond: 10, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs: 20 });
    slots(core.reserve(bulk(32, "gone"), 0));
    const first = slots(core.reserve(bulk(3, "next"), 0));
    expect(first.at).toEqual([null, null, null]);
    expect(first.retryMs).toBe(525);
    expect(slots(core.reserve(bulk(3, "next"), 525)).at).toEqual([1025, 1127.5, 1230]);
  });

  it("refuses every slot while paused, never shortens a pause, and sends at once after it", () => {
    const core = createGateCore({ perSecond: 10, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs: 20 });
    expect(core.pause(5000)).toBe(5000);
    expect(core.pause(3000)).toBe(5000);
    expect(core.reserve(bulk(3), 1000)).toEqual({ type: "paused", untilMs: 5000 });
    expect(slots(core.reserve(bulk(3), 5000)).at[0]).toBe(5000);
  });
});

describe("memory gate (Node)", () => {
  it("gives exactly what the rate limiter alone would: a slot now, or the wait", () => {
    let now = 0;
    const gate = createMemoryGate(() => new Date(now));
    const limiter = createRateLimiter({ perSecond: 7, perRecipientMs: 500 });
    const limit = { perSecond: 7, perRecipientMs: 500 };
    const requests = [...bulk(20), ...bulk(20, "reply").map((r) => ({ ...r, bulk: false })), ...bulk(20)];
    for (const request of requests) {
      for (;;) {
        const expected = limiter.take(request.key, request.bulk, now);
        const r = gate.reserve("telegram", limit, [request], 0);
        if (r instanceof Promise || r.type !== "slots") throw new Error("the memory gate answers at once");
        expect(r.at[0] === now ? 0 : r.retryMs).toBe(expected);
        if (expected === 0) break;
        now += expected;
      }
    }
  });

  it("tells bulk messages waiting for the channel turns an interval apart; replies and chat-held ones, when they may go", () => {
    let now = 0;
    const gate = createMemoryGate(() => new Date(now));
    const limit = { perSecond: 10, perRecipientMs: 1000 };
    const retry = (request: SlotRequest) => slots(gate.reserve("telegram", limit, [request], 0) as Reservation).retryMs;
    expect(slots(gate.reserve("telegram", limit, bulk(1), 0) as Reservation).at).toEqual([0]);
    expect(bulk(4, "waiting").map(retry)).toEqual([100, 200, 300, 400]);
    expect(retry({ key: "reply-0", bulk: false })).toBe(100);
    expect(retry({ key: "chat-0", bulk: true })).toBe(1000);
    // Once those turns have come and gone, a lone waiter is told the channel's next slot again.
    now = 5000;
    expect(slots(gate.reserve("telegram", limit, bulk(1, "later"), 0) as Reservation).at).toEqual([5000]);
    expect(retry({ key: "alone", bulk: true })).toBe(100);
  });

  it("keeps the rate with two hundred bulk messages waiting at 1,000 a second, each asking about once", () => {
    const gate = createMemoryGate(() => new Date(now));
    const limit = { perSecond: 1000, perRecipientMs: 1000 };
    let now = 0;
    let next = 0;
    const total = 4000;
    const sent: number[] = [];
    let asks = 0;
    // Each of 200 workers takes the next message once its last one went (5 ms a round trip).
    const wakes: { at: number; chat: number }[] = Array.from({ length: 200 }, () => ({ at: 0, chat: next++ }));
    while (wakes.length > 0) {
      wakes.sort((a, b) => a.at - b.at);
      const wake = wakes.shift() as { at: number; chat: number };
      now = wake.at;
      asks++;
      const r = slots(gate.reserve("telegram", limit, [{ key: `chat-${wake.chat}`, bulk: true }], 0) as Reservation);
      if (r.at[0] === null) wakes.push({ at: now + r.retryMs, chat: wake.chat });
      else {
        sent.push(now);
        if (next < total) wakes.push({ at: now + 5, chat: next++ });
      }
    }
    expect(sent).toHaveLength(total);
    expect(busiestSecond(sent)).toBeLessThanOrEqual(1000);
    expect(total / (((sent.at(-1) ?? 0) - (sent[0] ?? 0)) / 1000)).toBeGreaterThan(970);
    expect(asks / total).toBeLessThan(2.5);
  });

  it("pauses one channel, not the others", async () => {
    let now = 0;
    const gate = createMemoryGate(() => new Date(now));
    const limit = { perSecond: 10, perRecipientMs: 1000 };
    await gate.pause("telegram", 3000);
    now = 1000;
    expect(gate.reserve("telegram", limit, bulk(1), 0)).toEqual({ type: "paused", untilMs: 3000 });
    expect(gate.reserve("viber", limit, bulk(1), 0)).toMatchObject({ type: "slots", at: [1000] });
    now = 3000;
    expect(gate.reserve("telegram", limit, bulk(1), 0)).toMatchObject({ type: "slots", at: [3000] });
  });
});

describe("chat keys", () => {
  it("are stable, differ between chats and never carry the platform id", () => {
    expect(chatKey("7020000001")).toBe(chatKey("7020000001"));
    expect(chatKey("7020000001")).not.toBe(chatKey("7020000002"));
    expect(chatKey("7020000001")).not.toContain("702000");
    expect(chatKey("7020000001").length).toBeLessThanOrEqual(7);
  });
});
