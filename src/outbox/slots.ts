import type { OutboxMessage } from "../store/ports.ts";
import { chatKey, type Reservation, type SendGate, type SlotRequest } from "./gate.ts";
import type { RateLimit } from "./rate-limit.ts";

/** When the rate gate does not answer, a message waits this long (unsent) before it is tried again. */
export const GATE_DOWN_DELAY_MS = 5_000;

/** Before a first round trip to a remote gate is known: a nearby object's, on a busy machine. */
const FIRST_LEAD_MS = 25;

export type SlotDeps = {
  gate: SendGate;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** This drainer's record of each channel's pause: once told, it asks the gate nothing until then. */
  pausedUntil: Map<string, number>;
  /** The last round trip to each channel's gate: slots are booked at least that far ahead. */
  roundTrips: Map<string, number>;
};

/** Whether a message may go now; else why not: its channel is paused, or its lease is nearly over. */
export type SlotOutcome = { type: "go" } | { type: "paused"; untilMs: number } | { type: "lease short" };

/** A step towards a message's slot: an outcome, or something to wait for before the next step. */
export type SlotStep = SlotOutcome | { type: "wait"; until: Promise<unknown> };

export type SlotPlan = {
  /**
   * Decides at once where it can: "go" means send now, with nothing awaited in between (a gate
   * that answers at once, the memory one, is asked in this very step, so its slot cannot drift).
   */
  step(id: string, sendBy: number): SlotStep;
};

type Grant = { atMs: number; lateMs: number };

/**
 * The sending slots of one claimed batch of one channel. Where the gate is remote (Workers), the
 * first message to ask books slots for every other message of the batch without one, in one call
 * (the others wait for that answer); a message taken up too late for its slot asks again.
 * Messages are booked in the order they were claimed.
 */
export function planSlots(
  deps: SlotDeps,
  channel: string,
  limit: RateLimit | null,
  messages: { id: string; request: SlotRequest }[],
): SlotPlan {
  const { gate, now, sleep, pausedUntil, roundTrips } = deps;
  const order = messages.map((m) => m.id);
  const requests = new Map(messages.map((m) => [m.id, m.request]));
  const grants = new Map<string, Grant>();
  /** Messages in a call to the gate, and that call. */
  const asking = new Map<string, Promise<void>>();
  /** Messages the gate gave no slot: when they may ask again. */
  const askAfter = new Map<string, number>();
  /** Messages that went, or were handed back: no slot is booked for them any more. */
  const settled = new Set<string>();

  function record(ids: string[], reservation: Reservation): void {
    const at = now().getTime();
    if (reservation.type === "paused") {
      pausedUntil.set(channel, Math.max(pausedUntil.get(channel) ?? 0, reservation.untilMs));
      return;
    }
    reservation.at.forEach((slot, k) => {
      const id = ids[k];
      if (id === undefined) return;
      if (slot !== null) grants.set(id, { atMs: slot, lateMs: reservation.lateMs });
      else askAfter.set(id, at + Math.max(1, reservation.retryMs));
    });
  }

  /** Asks the gate for `id` (and, where it pays, the batch's others): answered now, or a promise. */
  function ask(id: string, limit: RateLimit, at: number): Promise<void> | undefined {
    const ids = [id];
    if (gate.lookahead) {
      for (const other of order) {
        const free = !settled.has(other) && !grants.has(other) && !asking.has(other);
        if (other !== id && free && (askAfter.get(other) ?? 0) <= at) ids.push(other);
      }
    }
    const wanted = ids.map((i) => requests.get(i) ?? { key: i, bulk: false });
    const answer = gate.reserve(channel, limit, wanted, roundTrips.get(channel) ?? (gate.lookahead ? FIRST_LEAD_MS : 0));
    if (!(answer instanceof Promise)) {
      record(ids, answer);
      return undefined;
    }
    const call = answer
      .then((reservation) => {
        roundTrips.set(channel, now().getTime() - at);
        record(ids, reservation);
      })
      .finally(() => {
        for (const i of ids) asking.delete(i);
      });
    for (const i of ids) asking.set(i, call);
    return call;
  }

  function next(id: string, sendBy: number): SlotStep {
    for (;;) {
      const at = now().getTime();
      // Past half the lease another drainer may soon claim the row again: it goes back unsent.
      if (at >= sendBy) return { type: "lease short" };
      const paused = pausedUntil.get(channel) ?? 0;
      if (paused > at) return { type: "paused", untilMs: paused };
      if (!limit) return { type: "go" };
      const grant = grants.get(id);
      if (grant && grant.atMs > at) return { type: "wait", until: sleep(Math.min(Math.ceil(grant.atMs - at), sendBy - at)) };
      if (grant) {
        grants.delete(id);
        // Sent later than that, it could crowd the slots booked after it: a fresh one instead.
        if (at - grant.atMs <= grant.lateMs) return { type: "go" };
      }
      const call = asking.get(id);
      if (call) return { type: "wait", until: call };
      const after = askAfter.get(id) ?? 0;
      if (after > at) return { type: "wait", until: sleep(Math.min(after - at, sendBy - at)) };
      const answer = ask(id, limit, at);
      if (answer) return { type: "wait", until: answer };
    }
  }

  return {
    step(id, sendBy) {
      const step = next(id, sendBy);
      if (step.type !== "wait") settled.add(id);
      return step;
    },
  };
}

/** The plans of one claimed batch, one per channel, each made when its first message asks. */
export function planBatch(
  deps: SlotDeps,
  batch: OutboxMessage[],
  limits: Partial<Record<string, RateLimit>>,
): (channel: string) => SlotPlan {
  const plans = new Map<string, SlotPlan>();
  return (channel) => {
    let plan = plans.get(channel);
    if (!plan) {
      const mine = batch.filter((m) => m.channel === channel);
      const requests = mine.map((m) => ({ id: m.id, request: { key: chatKey(m.recipient), bulk: m.priority > 0 } }));
      plan = planSlots(deps, channel, limits[channel] ?? null, requests);
      plans.set(channel, plan);
    }
    return plan;
  };
}
