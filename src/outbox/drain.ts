import { SendError } from "../channels/send-error.ts";
import type { ChannelSender } from "../channels/types.ts";
import { errorFields, type Logger } from "../log.ts";
import type { OutboxMessage, OutboxStore } from "../store/ports.ts";
import { BATCH_OFF_MS, drainBatch } from "./batch.ts";
import { createMemoryGate, type SendGate } from "./gate.ts";
import type { RateLimit } from "./rate-limit.ts";
import { createSentMarks } from "./sent-marks.ts";
import { GATE_DOWN_DELAY_MS, planBatch, type SlotDeps, type SlotPlan, type SlotStep } from "./slots.ts";

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_BATCH_SIZE = 32;
export const DEFAULT_IDLE_MS = 250;
export const BACKOFF_MAX_MS = 5 * 60_000;
export const CHANNEL_OFF_DELAY_MS = 60_000;
/** When a throttled answer names no wait. */
export const THROTTLED_DEFAULT_MS = 5_000;
/** A platform's answer takes about this long (Telegram: 50–150 ms), with room to spare. */
export const ROUND_TRIP_ALLOWANCE_MS = 200;

/** However fast a channel, at most this many sends are in flight (and claimed at once). */
export const MAX_IN_FLIGHT = 256;

/**
 * Sends in flight at once: enough that the fastest channel's rate is kept while each send waits
 * for the platform's answer (at 25 a second, 5; at 1,000, 200), never fewer than
 * DEFAULT_CONCURRENCY. A fixed pool of four held any rate to four sends per round trip.
 */
export function inFlightFor(limits: Array<RateLimit | undefined>): number {
  const fastest = Math.max(0, ...limits.map((l) => l?.perSecond ?? 0));
  const needed = Math.ceil((fastest * ROUND_TRIP_ALLOWANCE_MS) / 1000);
  return Math.min(MAX_IN_FLIGHT, Math.max(DEFAULT_CONCURRENCY, needed));
}

export type DrainerOptions = {
  outbox: OutboxStore;
  senders: Partial<Record<string, ChannelSender>>;
  limits: Partial<Record<string, RateLimit>>;
  /** Where the limits and a 429's pause are kept; by default in this drainer's memory (one drainer per bot). */
  gate?: SendGate;
  log: Logger;
  now: () => Date;
  /** Waits for a sending slot; tests pass a fake that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after a message failed because the person blocked the bot or is gone. */
  onStopped?: (message: OutboxMessage) => Promise<void>;
  /** Messages sent at once (each batch holds at most one per chat, so order is kept). */
  concurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Sends tried before a message that keeps failing with `retry` is given up. */
  maxAttempts?: number;
};

export type Drainer = {
  /** Claims one batch and settles every message in it; returns how many were claimed. */
  drainOnce(): Promise<number>;
  /** Drains until `signal` aborts, waiting `idleMs` when nothing is due (or until `wake`). */
  run(signal: AbortSignal, idleMs?: number): Promise<void>;
  /** Ends the idle wait: something was just queued. */
  wake(): void;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 2 s, 4 s, 8 s… after the 1st, 2nd, 3rd… attempt, at most five minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts) * 1000, BACKOFF_MAX_MS);
}

/** Handed back unsent: such a claim does not count towards maxAttempts. */
const NOT_TRIED = { notTried: true } as const;

/**
 * Sends what the outbox holds: claim a batch under a lease, wait for each message's slot from
 * the channel's gate (its rate and a 429's pause), send, and record the outcome by `SendError` kind.
 * @example
 * const drainer = createDrainer({ outbox: store.outbox, senders: { telegram }, limits: { telegram: { perSecond: 25, perRecipientMs: 1000 } }, log, now: () => new Date() });
 * void drainer.run(abort.signal);
 */
export function createDrainer(options: DrainerOptions): Drainer {
  const { outbox, senders, limits, log, now, onStopped } = options;
  const sleep = options.sleep ?? defaultSleep;
  const inFlight = inFlightFor(Object.values(limits));
  // A fast channel claims as many as it keeps in flight, so its workers never wait for a claim.
  const batchSize = Math.max(1, options.batchSize ?? Math.max(DEFAULT_BATCH_SIZE, inFlight));
  const gate = options.gate ?? createMemoryGate(now);
  // With slots booked ahead each message waits for its own: the rate, not a pool, bounds what is
  // in flight, and a message is never taken up after its slot for want of a free worker.
  const concurrency = Math.max(1, options.concurrency ?? (gate.lookahead ? batchSize : Math.min(batchSize, inFlight)));
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const marks = createSentMarks(outbox);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  /** A platform's 429 holds for the whole bot, not one chat: the channel waits until then. */
  const pausedUntil = new Map<string, number>();
  const slotDeps: SlotDeps = { gate, now, sleep, pausedUntil, roundTrips: new Map() };
  /** Channels whose batch call the platform refused as such: single sends until then. */
  const batchOffUntil = new Map<string, number>();
  const batchDeps = (channel: string) => ({
    outbox,
    log,
    now,
    slots: slotDeps,
    limit: limits[channel] ?? null,
    pause: (untilMs: number) => pause(channel, untilMs),
    onStopped,
    leaseMs,
    throttledDefaultMs: THROTTLED_DEFAULT_MS,
    backoffMs,
  });

  /** Pauses the channel here and, through the gate, for every other sender of the bot. */
  async function pause(channel: string, untilMs: number): Promise<void> {
    pausedUntil.set(channel, Math.max(pausedUntil.get(channel) ?? 0, untilMs));
    try {
      await gate.pause(channel, untilMs);
    } catch (err) {
      // This drainer keeps the pause; the others learn it from the platform's own 429.
      log.error({ channel, ...errorFields(err) }, "outbox pause not shared");
    }
  }

  /** Channels that send bulk messages in batches (Viber with VIBER_BROADCAST), unless refused lately. */
  function batching(at: number): string[] {
    return Object.entries(senders)
      .filter(([channel, sender]) => sender?.batch && (batchOffUntil.get(channel) ?? 0) <= at)
      .map(([channel]) => channel);
  }

  async function drainBatches(channels: string[], claimedAt: Date, sendBy: number): Promise<number> {
    let claimed = 0;
    for (const channel of channels) {
      const batch = senders[channel]?.batch;
      if (!batch) continue;
      const outcome = await drainBatch(batchDeps(channel), channel, batch, claimedAt, sendBy);
      claimed += outcome.claimed;
      if (outcome.refused) {
        log.error({ channel }, "batch sending refused by the platform; sending one by one for a while");
        batchOffUntil.set(channel, now().getTime() + BATCH_OFF_MS);
      }
    }
    return claimed;
  }

  const fields = (m: OutboxMessage) => ({ outboxId: m.id, channel: m.channel, attempts: m.attempts });

  async function settleError(m: OutboxMessage, err: unknown, durationMs: number): Promise<void> {
    const at = now().getTime();
    if (!(err instanceof SendError)) {
      log.error({ ...fields(m), kind: "retry", durationMs, ...errorFields(err) }, "outbox send threw");
      await retryLater(m, `error ${err instanceof Error ? err.name : typeof err}`.slice(0, 60), at);
      return;
    }
    const reason = err.code === null ? err.kind : `${err.kind} ${err.code}`;
    log.warn({ ...fields(m), kind: err.kind, code: err.code, durationMs }, "outbox send refused");
    switch (err.kind) {
      case "throttled": {
        const until = at + (err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : THROTTLED_DEFAULT_MS);
        // The pause is in force here at once; the gate hears of it while the row is rescheduled.
        const shared = pause(m.channel, until);
        await outbox.reschedule(m.id, new Date(until), reason);
        await shared;
        return;
      }
      case "retry":
        await retryLater(m, reason, at);
        return;
      case "stopped":
        // The person first: once settled, the row no longer says whom it was for, and a crash
        // between the two must leave the row to be tried again rather than the person unmarked.
        if (onStopped) {
          await onStopped(m).catch((cause: unknown) => {
            log.error({ outboxId: m.id, channel: m.channel, ...errorFields(cause) }, "outbox onStopped failed");
          });
        }
        await outbox.markFailed(m.id, "stopped");
        return;
      case "failed":
        await outbox.markFailed(m.id, reason);
        return;
      default: {
        const never: never = err.kind;
        throw new Error(`unknown send error kind ${String(never)}`);
      }
    }
  }

  async function retryLater(m: OutboxMessage, reason: string, at: number): Promise<void> {
    if (m.attempts >= maxAttempts) {
      log.warn({ ...fields(m), kind: "failed" }, "outbox gave up after retries");
      await outbox.markFailed(m.id, reason);
    } else {
      await outbox.reschedule(m.id, new Date(at + backoffMs(m.attempts)), reason);
    }
  }

  async function handle(m: OutboxMessage, sendBy: number, plan: SlotPlan): Promise<void> {
    const sender = senders[m.channel];
    if (!sender) {
      log.warn(fields(m), "outbox channel off");
      await outbox.reschedule(m.id, new Date(now().getTime() + CHANNEL_OFF_DELAY_MS), "channel off", NOT_TRIED);
      return;
    }
    let slot: SlotStep;
    try {
      for (slot = plan.step(m.id, sendBy); slot.type === "wait"; slot = plan.step(m.id, sendBy)) await slot.until;
    } catch (err) {
      // Without the gate nothing may go (the rate would not hold): back soon, unsent.
      log.error({ ...fields(m), ...errorFields(err) }, "outbox rate gate failed");
      await outbox.reschedule(m.id, new Date(now().getTime() + GATE_DOWN_DELAY_MS), "rate gate", NOT_TRIED);
      return;
    }
    if (slot.type === "lease short") {
      await outbox.reschedule(m.id, now(), "lease short", NOT_TRIED);
      return;
    }
    if (slot.type === "paused") {
      await outbox.reschedule(m.id, new Date(slot.untilMs), "channel paused", NOT_TRIED);
      return;
    }
    // Nothing awaited between the slot and the send, or the slot would drift.
    const started = now().getTime();
    let externalId: string | null;
    try {
      ({ externalId } = await sender.send(m.recipient, m.payload));
    } catch (err) {
      await settleError(m, err, now().getTime() - started);
      return;
    }
    // Nothing awaited between the platform's answer and the mark (written with the others
    // answered in the same moment): a crash here is the only way a message goes out twice.
    await marks.sent(m, externalId, now());
    log.debug({ ...fields(m), durationMs: now().getTime() - started }, "outbox sent");
  }

  type Claimed = { batch: OutboxMessage[]; batched: string[]; claimedAt: Date; sendBy: number };

  async function claimNext(): Promise<Claimed> {
    const claimedAt = now();
    const batched = batching(claimedAt.getTime());
    const batch = await outbox.claim(claimedAt, batchSize, leaseMs, batched.length > 0 ? { batched } : undefined);
    return { batch, batched, claimedAt, sendBy: claimedAt.getTime() + leaseMs / 2 };
  }

  /** Sends a claimed batch; `allStarted` is called once its last message has been taken up. */
  async function settle(claimed: Claimed, allStarted?: () => void): Promise<number> {
    const { batch, batched, claimedAt, sendBy } = claimed;
    const planFor = planBatch(slotDeps, batch, limits);
    let next = 0;
    const worker = async () => {
      for (let m = batch[next++]; m !== undefined; m = batch[next++]) {
        if (next >= batch.length) allStarted?.();
        try {
          await handle(m, sendBy, planFor(m.channel));
        } catch (err) {
          // The store failed; the row keeps its lease and comes back when it expires.
          log.error({ ...fields(m), ...errorFields(err) }, "outbox marking failed");
        }
      }
    };
    const batches = batched.length > 0 ? drainBatches(batched, claimedAt, sendBy) : Promise.resolve(0);
    const [inBatches] = await Promise.all([
      batches.catch((err: unknown) => {
        // The store failed; the rows keep their lease and come back when it expires.
        log.error(errorFields(err), "outbox batch marking failed");
        return 0;
      }),
      ...Array.from({ length: Math.min(concurrency, batch.length) }, worker),
    ]);
    return batch.length + inBatches;
  }

  async function drainOnce(): Promise<number> {
    return settle(await claimNext());
  }

  let woken = false;
  let wakeIdle: (() => void) | null = null;

  function wake(): void {
    woken = true;
    wakeIdle?.();
  }

  /** Resolves after `ms`, on `wake()`, or on abort, whichever is first. */
  function idle(ms: number, signal: AbortSignal): Promise<void> {
    if (woken || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        wakeIdle = null;
        signal.removeEventListener("abort", done);
        resolve();
      };
      wakeIdle = done;
      signal.addEventListener("abort", done, { once: true });
      sleep(ms).then(done, done);
    });
  }

  async function run(signal: AbortSignal, idleMs = DEFAULT_IDLE_MS): Promise<void> {
    // The next batch is claimed while the last messages of this one go out (their chats are
    // still leased, so none of theirs is taken): the rate limiter never waits on the database.
    const ahead: { claim: Promise<Claimed> | null } = { claim: null };
    while (!signal.aborted) {
      woken = false;
      let handled = 0;
      // A batch claimed ahead may predate a wake: when it is empty, claim again before idling.
      const early = ahead.claim !== null;
      try {
        const claimed = await (ahead.claim ?? claimNext());
        ahead.claim = null;
        handled = await settle(claimed, () => {
          ahead.claim ??= claimNext();
          // Awaited on the next turn of the loop; until then a failure must not go unhandled.
          ahead.claim.catch(() => {});
        });
      } catch (err) {
        ahead.claim = null;
        log.error(errorFields(err), "outbox claim failed");
      }
      if (handled === 0 && !early) await idle(idleMs, signal);
    }
    // A batch claimed just before the stop is handed back unsent, not left to its lease.
    const left = await ahead.claim?.catch(() => null);
    for (const m of left?.batch ?? []) {
      await outbox.reschedule(m.id, now(), "stopping", NOT_TRIED).catch((err: unknown) => {
        log.error({ ...fields(m), ...errorFields(err) }, "outbox hand-back failed");
      });
    }
  }

  return { drainOnce, run, wake };
}
