import { createRateLimiter, type RateLimit, type RateLimiter, SCHEDULE_SLACK_MS } from "./rate-limit.ts";

/** One message asking for a sending slot: its chat (as a key, see `chatKey`) and whether it is bulk. */
export type SlotRequest = { key: string; bulk: boolean };

/**
 * The gate's answer. Slots are moments of the wall clock (epoch ms), not waits: a sender that hears
 * back late still sends at its slot (or not at all), so how long answers take never bunches sends.
 */
export type Reservation =
  | {
      type: "slots";
      /** Per request, in order: when it may go (its slot is then booked), or null: ask again. */
      at: (number | null)[];
      /** A booked slot may still be used this long after its time; later, ask again. */
      lateMs: number;
      /** When some request got no slot: how long to wait before asking again. */
      retryMs: number;
    }
  /** The platform asked the whole bot to wait (a 429): nothing goes until `untilMs`. */
  | { type: "paused"; untilMs: number };

/**
 * The sending gate of the drainer: a channel's rate (whole bot, and per chat) and its pause after a
 * 429. On Node it lives in the drainer's memory; on Workers it is one Durable Object per channel,
 * shared by every invocation (`gate.worker.ts`).
 * @example
 * const r = await gate.reserve("telegram", { perSecond: 25, perRecipientMs: 1000 }, [{ key: chatKey("42"), bulk: true }]);
 * if (r.type === "slots" && r.at[0] !== null) await sleep(r.at[0] - Date.now());
 */
export interface SendGate {
  /** Whether booking slots for a whole batch ahead pays (a round trip per call) or one at a time will do. */
  readonly lookahead: boolean;
  /**
   * Books slots no sooner than `leadMs` from now (the caller's round trip to the gate: a slot must
   * still lie ahead when the answer arrives). The memory gate answers at once (no promise), so a
   * slot it grants is used in the same turn.
   */
  reserve(channel: string, limit: RateLimit, requests: SlotRequest[], leadMs: number): Reservation | Promise<Reservation>;
  /** Every sender of the channel waits until `untilMs` (a 429's retry_after). */
  pause(channel: string, untilMs: number): Promise<void>;
}

export type GateCoreOptions = {
  /** How far ahead slots are booked: a batch asks again for the rest. 0: only slots free now. */
  horizonMs: number;
  /** Slots are spaced so that a second holds at most the rate even when each send leaves up to this late. */
  lateMs: number;
};

/** How often, at most, a caller with something left to book asks again, as a share of the horizon. */
const RETRY_SHARE = 4;

/** One channel's gate, pure (the caller brings the clock): what the memory gate and the Durable Object hold. */
export type GateCore = {
  /** Slots from `fromMs` on (now, or now plus the caller's round trip). */
  reserve(requests: SlotRequest[], fromMs: number): Reservation;
  /** Pauses until `untilMs` (never shortens a pause); returns the pause now in force. */
  pause(untilMs: number): number;
  readonly pausedUntil: number;
  /** How long (ms) from `fromMs` until the channel, whatever the chat, has a slot. */
  channelWaitMs(fromMs: number): number;
};

/**
 * Books slots under the channel's limit for messages sent from anywhere: each booked slot is
 * spaced from the others so that, sent within `lateMs` of its time, no second holds more than
 * `perSecond` messages. Only `horizonMs` ahead is booked, so slots a caller fails to use (it
 * stopped, or the platform paused it) hold the others back no longer than that.
 * @example
 * const core = createGateCore({ perSecond: 25, perRecipientMs: 1000 }, { horizonMs: 1000, lateMs: 20 });
 * core.reserve([{ key: "a", bulk: true }], now); // { type: "slots", at: [now], ... }
 */
export function createGateCore(limit: RateLimit, { horizonMs, lateMs }: GateCoreOptions): GateCore {
  // The limiter keeps a slot taken up to its slack late on schedule: that is late too.
  const marginMs = lateMs > 0 ? lateMs + SCHEDULE_SLACK_MS : 0;
  const spaced = { ...limit, perSecond: (limit.perSecond * 1000) / (1000 + marginMs) };
  const limiter: RateLimiter = createRateLimiter(spaced);
  let pausedUntil = 0;
  return {
    get pausedUntil() {
      return pausedUntil;
    },
    channelWaitMs: (fromMs) => limiter.channelWait(fromMs),
    pause(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
      return pausedUntil;
    },
    reserve(requests, nowMs) {
      // `nowMs` here is the earliest moment a slot may be booked for.
      if (pausedUntil > nowMs) return { type: "paused", untilMs: pausedUntil };
      let retryMs = Number.POSITIVE_INFINITY;
      const at = requests.map(({ key, bulk }) => {
        const slot = limiter.reserve(key, bulk, nowMs, horizonMs);
        if (slot !== null) return slot;
        // Ask again once it is half a horizon away (`take`'s wait books nothing here): each call
        // then books about half a horizon of slots, whatever the rate.
        retryMs = Math.min(retryMs, limiter.take(key, bulk, nowMs) - horizonMs / 2);
        return null;
      });
      const floor = horizonMs / RETRY_SHARE;
      return { type: "slots", at, lateMs, retryMs: Number.isFinite(retryMs) ? Math.ceil(Math.max(floor, retryMs)) : 0 };
    },
  };
}

/**
 * The gate in the drainer's memory: one sender per channel (Node), slots taken one at a time the
 * moment a message may go, exactly as the rate limiter alone would. A bulk message refused for
 * want of a channel slot is told its own turn to ask again: the channel's next slot, or one
 * interval after the turn told last, whichever is later. Hundreds of messages waiting at a high
 * rate then ask about once each, where told the same moment they would all wake for every slot
 * and all but one ask in vain. A turn is only when to ask: the slot is still taken then, or not.
 */
export function createMemoryGate(now: () => Date): SendGate {
  const cores = new Map<string, GateCore>();
  const pausedUntil = new Map<string, number>();
  /** Per channel: the last turn told a waiting bulk message. */
  const lastTurn = new Map<string, number>();

  function turn(
    channel: string,
    limit: RateLimit,
    core: GateCore,
    request: SlotRequest | undefined,
    at: number,
    retryMs: number,
  ): number {
    // Replies, and messages held by their chat's own interval, are told when they may go.
    if (!request?.bulk || retryMs > Math.ceil(core.channelWaitMs(at))) return retryMs;
    // Turns already come are spent: a lone waiter is told the channel's next slot, as it would be.
    const last = lastTurn.get(channel) ?? 0;
    const mine = last > at ? Math.max(at + retryMs, last + 1000 / limit.perSecond) : at + retryMs;
    lastTurn.set(channel, mine);
    return Math.ceil(mine - at);
  }

  return {
    lookahead: false,
    reserve(channel, limit, requests) {
      const at = now().getTime();
      const paused = pausedUntil.get(channel) ?? 0;
      if (paused > at) return { type: "paused", untilMs: paused };
      let core = cores.get(channel);
      if (!core) {
        // Slots free now only, used at once: nothing is sent late, so nothing to space for.
        core = createGateCore(limit, { horizonMs: 0, lateMs: 0 });
        cores.set(channel, core);
      }
      const reservation = core.reserve(requests, at);
      if (reservation.type !== "slots") return reservation;
      const refused = requests.length === 1 && reservation.at[0] === null;
      const retryMs = refused ? turn(channel, limit, core, requests[0], at, reservation.retryMs) : reservation.retryMs;
      return { ...reservation, retryMs, lateMs: Number.POSITIVE_INFINITY };
    },
    async pause(channel, untilMs) {
      pausedUntil.set(channel, Math.max(pausedUntil.get(channel) ?? 0, untilMs));
    },
  };
}

/**
 * What the gate learns of a chat: a 32-bit FNV-1a hash of its platform id, enough to space
 * bulk messages to one chat (two chats sharing a hash only wait for each other), never the id.
 */
export function chatKey(recipient: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < recipient.length; i++) {
    hash ^= recipient.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
