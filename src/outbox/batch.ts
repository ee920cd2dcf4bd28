import { SendError } from "../channels/send-error.ts";
import type { BatchSender } from "../channels/types.ts";
import { errorFields, type Logger } from "../log.ts";
import type { OutboxMessage, OutboxStore } from "../store/ports.ts";
import type { RateLimit } from "./rate-limit.ts";
import { GATE_DOWN_DELAY_MS, planSlots, type SlotDeps, type SlotStep } from "./slots.ts";

/** After the platform refused a batch call as such (not approved, say), single sends only for this long. */
export const BATCH_OFF_MS = 10 * 60_000;
/** The rate limiter's key for batch calls: they take a slot of the channel, not of a chat. */
const BATCH_SLOT = "\u0000batch";

export type BatchDrainDeps = {
  outbox: OutboxStore;
  log: Logger;
  now: () => Date;
  /** The drainer's rate gate and its record of pauses, shared with single sends. */
  slots: SlotDeps;
  limit: RateLimit | null;
  /** Pauses the channel (a throttled answer) for every sender. */
  pause(untilMs: number): Promise<void>;
  onStopped?: ((message: OutboxMessage) => Promise<void>) | undefined;
  leaseMs: number;
  throttledDefaultMs: number;
  backoffMs: (attempts: number) => number;
};

export type BatchOutcome = {
  claimed: number;
  /** The platform refused the call as a whole for a reason no retry mends: batch no more for a while. */
  refused: boolean;
};

const NOT_TRIED = { notTried: true } as const;

/**
 * One batch of a channel's bulk messages (the same payload to many chats, each row one
 * person): claimed under a lease, sent in one call, and marked sent in one statement right
 * after the answer, so a crash can repeat only the batch in flight. Who the platform did not
 * reach is settled as a single send would be: stopped → failed and the person unreachable;
 * anything else → tried again alone (a message tried once is never batched again).
 */
export async function drainBatch(
  deps: BatchDrainDeps,
  channel: string,
  sender: BatchSender,
  claimedAt: Date,
  sendBy: number,
): Promise<BatchOutcome> {
  const { outbox, log, now } = deps;
  const rows = await outbox.claimBatch(channel, claimedAt, sender.max, deps.leaseMs);
  if (rows.length === 0) return { claimed: 0, refused: false };
  const handBack = async (at: number, reason: string, options?: { notTried: true }) => {
    for (const m of rows) await outbox.reschedule(m.id, new Date(at), reason, options);
  };
  const plan = planSlots(deps.slots, channel, deps.limit, [{ id: BATCH_SLOT, request: { key: BATCH_SLOT, bulk: false } }]);
  let slot: SlotStep;
  try {
    for (slot = plan.step(BATCH_SLOT, sendBy); slot.type === "wait"; slot = plan.step(BATCH_SLOT, sendBy)) await slot.until;
  } catch (err) {
    // Without the gate nothing may go (the rate would not hold): back soon, unsent.
    log.error({ channel, batch: rows.length, ...errorFields(err) }, "outbox rate gate failed");
    await handBack(now().getTime() + GATE_DOWN_DELAY_MS, "rate gate", NOT_TRIED);
    return { claimed: rows.length, refused: false };
  }
  if (slot.type === "lease short") {
    await handBack(now().getTime(), "lease short", NOT_TRIED);
    return { claimed: rows.length, refused: false };
  }
  if (slot.type === "paused") {
    await handBack(slot.untilMs, "channel paused", NOT_TRIED);
    return { claimed: rows.length, refused: false };
  }
  const started = now().getTime();
  let answer: Awaited<ReturnType<BatchSender["send"]>>;
  try {
    answer = await sender.send(
      rows.map((m) => m.recipient),
      rows[0]?.payload,
    );
  } catch (err) {
    return { claimed: rows.length, refused: await settleCall(deps, channel, rows, err, now().getTime() - started) };
  }
  const failed = new Map(answer.failed.map((f) => [f.recipient, f.error]));
  // Nothing between the platform's answer and this statement: a crash there is the only way
  // these go out twice. The platform's token is one for the whole call: a receipt carrying it
  // could not tell its person, so batch rows keep none and stay "sent" (delivered and seen count as sent anyway).
  await outbox.markBatchSent(
    rows.filter((m) => !failed.has(m.recipient)).map((m) => m.id),
    null,
    now(),
  );
  log.debug({ channel, batch: rows.length, failed: failed.size, durationMs: now().getTime() - started }, "outbox batch sent");
  for (const m of rows) {
    const error = failed.get(m.recipient);
    if (!error) continue;
    if (error.kind === "stopped") {
      await outbox.markFailed(m.id, "stopped");
      await deps.onStopped?.(m).catch((cause: unknown) => {
        log.error({ outboxId: m.id, channel, ...errorFields(cause) }, "outbox onStopped failed");
      });
    } else {
      await outbox.reschedule(m.id, now(), `batch ${error.kind}${error.code === null ? "" : ` ${error.code}`}`);
    }
  }
  return { claimed: rows.length, refused: false };
}

/** The call as a whole failed: nothing was sent (or, with no answer, nobody knows). */
async function settleCall(
  deps: BatchDrainDeps,
  channel: string,
  rows: OutboxMessage[],
  err: unknown,
  durationMs: number,
): Promise<boolean> {
  const { outbox, log } = deps;
  const at = deps.now().getTime();
  const kind = err instanceof SendError ? err.kind : "retry";
  const code = err instanceof SendError ? err.code : null;
  const reason = `batch ${kind}${code === null ? "" : ` ${code}`}`;
  if (err instanceof SendError) log.warn({ channel, batch: rows.length, kind, code, durationMs }, "outbox batch refused");
  else log.error({ channel, batch: rows.length, kind, durationMs, ...errorFields(err) }, "outbox batch send threw");
  switch (kind) {
    case "throttled": {
      // Nothing went: the whole batch waits, and stays a batch.
      const retryAfter = err instanceof SendError ? err.retryAfterSeconds : null;
      const until = at + (retryAfter !== null ? retryAfter * 1000 : deps.throttledDefaultMs);
      const shared = deps.pause(until);
      for (const m of rows) await outbox.reschedule(m.id, new Date(until), reason, NOT_TRIED);
      await shared;
      return false;
    }
    case "retry":
      // No answer: it may have gone. Each is tried again alone, after the usual backoff.
      for (const m of rows) await outbox.reschedule(m.id, new Date(at + deps.backoffMs(m.attempts)), reason);
      return false;
    case "stopped":
    case "failed":
      // Refused as a batch (broadcasts not approved for the account, or a refused message): one
      // by one instead, where a message at fault fails on its own.
      for (const m of rows) await outbox.reschedule(m.id, new Date(at), reason);
      return true;
    default: {
      const never: never = kind;
      throw new Error(`unknown send error kind ${String(never)}`);
    }
  }
}
