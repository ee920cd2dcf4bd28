import type { DurableObjectNamespace } from "@cloudflare/workers-types";
import { describe, expect, it } from "vitest";
import type { SendGate, SlotRequest } from "../../src/outbox/gate.ts";
import {
  createDurableGate,
  GATE_HORIZON_MS,
  GATE_LATE_MS,
  type GateObjectState,
  RateGate,
} from "../../src/outbox/gate.worker.ts";
import { planSlots, type SlotStep } from "../../src/outbox/slots.ts";
import { busiestSecond } from "../support/rate.ts";

const T0 = Date.parse("2026-11-24T08:00:00.000Z");
const LIMIT = { perSecond: 10, perRecipientMs: 1000 };

/** A clock that moves only when every task waits (on a timer, not on the gate): sleeps wake in time order. */
function virtualClock() {
  let ms = T0;
  let calling = 0;
  const timers: { at: number; wake: () => void }[] = [];
  return {
    get ms() {
      return ms;
    },
    /** Holds the clock while `call` is answered, as a round trip takes no time here. */
    async calling<T>(call: () => Promise<T>): Promise<T> {
      calling++;
      try {
        return await call();
      } finally {
        calling--;
      }
    },
    now: () => new Date(ms),
    sleep: (d: number) => new Promise<void>((wake) => timers.push({ at: ms + Math.max(0, d), wake })),
    /** Runs `work` to its end, moving the clock to the next timer whenever nothing else can run. */
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const finished = work.finally(() => {
        done = true;
      });
      while (!done) {
        await new Promise((r) => setImmediate(r));
        if (done || calling > 0 || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) continue;
        ms = Math.max(ms, next.at);
        next.wake();
      }
      return finished;
    },
  };
}

/** The Durable Object's storage, kept apart from the object so that a new object (after eviction) finds it. */
function fakeStorage() {
  const data = new Map<string, unknown>();
  const puts: [string, number][] = [];
  let loading: Promise<unknown> = Promise.resolve();
  const state: GateObjectState = {
    // workerd holds every call until the object has loaded; here the test awaits `loaded()`.
    blockConcurrencyWhile: (callback) => {
      const done = callback();
      loading = done;
      return done;
    },
    storage: {
      get: async (key) => data.get(key),
      put: async (key, value) => {
        puts.push([key, value]);
        data.set(key, value);
      },
    },
  };
  return { state, puts, loaded: () => loading };
}

/** A namespace as the binding gives it: one object per name, reached by `fetch`; counts the calls. */
function fakeNamespace(clock: ReturnType<typeof virtualClock>, oneWayMs = 0) {
  const objects = new Map<string, RateGate>();
  const calls: { name: string; body: { op: string; requests?: SlotRequest[] } }[] = [];
  const namespace = {
    idFromName: (name: string) => name,
    get: (name: string) => ({
      fetch: async (url: string, init: { body: string }) => {
        // The way there and back takes time (a far colo); the object itself answers at once.
        if (oneWayMs > 0) await clock.sleep(oneWayMs);
        const answer = await clock.calling(async () => {
          calls.push({ name, body: JSON.parse(init.body) });
          let object = objects.get(name);
          if (!object) {
            object = new RateGate(fakeStorage().state, {}, () => clock.ms);
            objects.set(name, object);
          }
          const response = await object.fetch(new Request(url, { method: "POST", body: init.body }));
          // What the client reads, read here, so the clock holds until it has it.
          const body = await response.text();
          return new Response(body, { status: response.status });
        });
        if (oneWayMs > 0) await clock.sleep(oneWayMs);
        return answer;
      },
    }),
  };
  return { namespace: namespace as unknown as DurableObjectNamespace, calls };
}

/** Sends a batch of `n` chats through one plan as the drainer does: each message steps until it may go. */
async function sendBatch(gate: SendGate, clock: ReturnType<typeof virtualClock>, n: number, prefix: string) {
  const messages = Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, request: { key: `${prefix}${i}`, bulk: true } }));
  const plan = planSlots(
    { gate, now: clock.now, sleep: clock.sleep, pausedUntil: new Map(), roundTrips: new Map() },
    "telegram",
    LIMIT,
    messages,
  );
  const sentAt: number[] = [];
  const outcomes: string[] = [];
  await Promise.all(
    messages.map(async ({ id }) => {
      let step: SlotStep;
      for (step = plan.step(id, clock.ms + 30_000); step.type === "wait"; step = plan.step(id, clock.ms + 30_000))
        await step.until;
      outcomes.push(step.type);
      if (step.type === "go") sentAt.push(clock.ms);
    }),
  );
  return { sentAt, outcomes };
}

describe("the rate gate on Workers (a Durable Object per channel)", () => {
  it("books a claimed batch in a few calls, not one per message, and keeps to the rate", async () => {
    const clock = virtualClock();
    const { namespace, calls } = fakeNamespace(clock);
    const { sentAt } = await clock.run(sendBatch(createDurableGate(namespace), clock, 32, "c"));
    expect(sentAt).toHaveLength(32);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(10);
    // 10 in the first call, then about half a horizon's worth (5) a call.
    expect(calls.length).toBeLessThanOrEqual(7);
    expect(calls[0]?.body.requests).toHaveLength(32);
    expect(new Set(calls.map((c) => c.name))).toEqual(new Set(["telegram"]));
  });

  it("keeps three invocations draining at once to one rate together", async () => {
    const clock = virtualClock();
    const { namespace } = fakeNamespace(clock);
    // Each invocation builds its own gate client, as each request builds its own Glas.
    const runs = await clock.run(
      Promise.all(["a", "b", "c"].map((prefix) => sendBatch(createDurableGate(namespace), clock, 20, prefix))),
    );
    const all = runs.flatMap((r) => r.sentAt);
    expect(all).toHaveLength(60);
    expect(busiestSecond(all)).toBeLessThanOrEqual(10);
    // Within a second of the rate's pace: 60 at ~9.7 a second.
    expect(Math.max(...all) - T0).toBeLessThan(60 * 103 + 1000);
  });

  it("books a round trip ahead for a caller far from the object, so that its slots are not late on arrival", async () => {
    const clock = virtualClock();
    const { namespace, calls } = fakeNamespace(clock, 60);
    const { sentAt } = await clock.run(sendBatch(createDurableGate(namespace), clock, 20, "far"));
    expect(sentAt).toHaveLength(20);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(10);
    // The first call knows no round trip yet (it guesses; its first slot is lost); the others book ahead of it.
    expect(calls.map((c) => (c.body as { leadMs?: number }).leadMs)).toEqual([25, ...Array(calls.length - 1).fill(120)]);
    expect(calls.length).toBeLessThanOrEqual(6);
  });

  it("asks again for a slot taken up later than the gate allows, and keeps to the rate", async () => {
    const clock = virtualClock();
    const { namespace, calls } = fakeNamespace(clock);
    const gate = createDurableGate(namespace);
    const plan = planSlots(
      { gate, now: clock.now, sleep: clock.sleep, pausedUntil: new Map(), roundTrips: new Map() },
      "telegram",
      LIMIT,
      [
        { id: "a", request: { key: "a", bulk: true } },
        { id: "b", request: { key: "b", bulk: true } },
      ],
    );
    const first = await clock.run(
      (async () => {
        let step = plan.step("a", T0 + 30_000);
        while (step.type === "wait") {
          await step.until;
          step = plan.step("a", T0 + 30_000);
        }
        return step.type;
      })(),
    );
    expect(first).toBe("go");
    // "b" was booked for ~103 ms in by the same call; it is taken up far too late.
    await clock.run(clock.sleep(103 + GATE_LATE_MS + 50));
    const before = calls.length;
    const late = plan.step("b", T0 + 30_000);
    expect(late.type).toBe("wait");
    expect(calls.length).toBe(before + 1);
  });

  it("stops a whole batch when the channel is paused, one call for all", async () => {
    const clock = virtualClock();
    const { namespace, calls } = fakeNamespace(clock);
    const gate = createDurableGate(namespace);
    await gate.pause("telegram", clock.ms + 3000);
    const { outcomes, sentAt } = await clock.run(sendBatch(gate, clock, 12, "p"));
    expect(sentAt).toEqual([]);
    expect(outcomes).toEqual(Array(12).fill("paused"));
    expect(calls.filter((c) => c.body.op === "reserve")).toHaveLength(1);
    // Another channel is not paused.
    expect(await gate.reserve("viber", LIMIT, [{ key: "x", bulk: true }], 0)).toMatchObject({ type: "slots", at: [clock.ms] });
  });

  it("keeps a 429 pause in storage, so an evicted object still knows it; never shortens it", async () => {
    let now = T0;
    const { state, puts, loaded } = fakeStorage();
    const object = new RateGate(state, {}, () => now);
    await loaded();
    await object.handle({ op: "pause", untilMs: T0 + 5000 });
    await object.handle({ op: "pause", untilMs: T0 + 1000 });
    expect(puts).toEqual([["pausedUntil", T0 + 5000]]);
    now = T0 + 2000;
    const revived = new RateGate(state, {}, () => now);
    await loaded();
    expect(await revived.handle({ op: "reserve", limit: LIMIT, requests: [{ key: "k", bulk: false }], leadMs: 0 })).toEqual({
      type: "paused",
      untilMs: T0 + 5000,
    });
    now = T0 + 5000;
    expect(await revived.handle({ op: "reserve", limit: LIMIT, requests: [{ key: "k", bulk: false }], leadMs: 0 })).toMatchObject(
      {
        type: "slots",
        at: [T0 + 5000],
      },
    );
  });

  it("answers a call it cannot read with 400, and books nothing", async () => {
    const object = new RateGate(fakeStorage().state, {}, () => T0);
    const bad = await object.fetch(new Request("https://rate-gate/", { method: "POST", body: '{"op":"reserve","limit":{}}' }));
    expect(bad.status).toBe(400);
    const good = await object.fetch(
      new Request("https://rate-gate/", {
        method: "POST",
        body: JSON.stringify({ op: "reserve", limit: LIMIT, requests: [{ key: "k", bulk: true }], leadMs: 0 }),
      }),
    );
    expect(await good.json()).toEqual({ type: "slots", at: [T0], lateMs: GATE_LATE_MS, retryMs: 0 });
    expect(GATE_HORIZON_MS).toBe(1000);
  });
});
