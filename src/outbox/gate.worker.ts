import type { DurableObjectNamespace, DurableObjectState } from "@cloudflare/workers-types";
import { z } from "zod";
import { createGateCore, type GateCore, type Reservation, type SendGate } from "./gate.ts";
import type { RateLimit } from "./rate-limit.ts";

/** How far ahead one call books slots: what an invocation that stops early can hold the others back. */
export const GATE_HORIZON_MS = 1000;
/** A booked slot used this late still keeps the rate (slots are spaced for it); later, the sender asks again. */
export const GATE_LATE_MS = 40;
/** The longest round trip a caller may ask the gate to book ahead for. */
const MAX_LEAD_MS = 1000;
/** Where the pause survives the object being evicted (it may be minutes; the rate state is seconds). */
const PAUSE_KEY = "pausedUntil";

const limitSchema = z.object({
  perSecond: z.number().positive(),
  perRecipientMs: z.number().nonnegative(),
  burst: z.number().positive().optional(),
});
const callSchema = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("reserve"),
    limit: limitSchema,
    requests: z.array(z.object({ key: z.string().max(64), bulk: z.boolean() })).max(1000),
    leadMs: z.number().nonnegative().max(MAX_LEAD_MS),
  }),
  z.object({ op: z.literal("pause"), untilMs: z.number().nonnegative() }),
]);
export type GateCall = z.infer<typeof callSchema>;

/** What the Durable Object keeps: the storage it needs of its state, and its clock. */
export type GateObjectState = Pick<DurableObjectState, "blockConcurrencyWhile"> & {
  storage: { get(key: string): Promise<unknown>; put(key: string, value: number): Promise<void> };
};

/**
 * One channel's sending gate for the whole bot on Workers (`idFromName(channel)`): every
 * invocation that drains books its slots here. A Durable Object handles one call at a time, so
 * the limiter in its memory is never raced; the pause after a 429 is also stored, so an evicted
 * object does not forget it.
 */
export class RateGate {
  private core: GateCore | null = null;
  private limitKey = "";
  private pausedUntil = 0;

  constructor(
    private readonly state: GateObjectState,
    _env: unknown,
    private readonly clock: () => number = Date.now,
  ) {
    void state.blockConcurrencyWhile(async () => {
      const stored = await state.storage.get(PAUSE_KEY);
      this.pausedUntil = typeof stored === "number" ? stored : 0;
    });
  }

  async fetch(request: Request): Promise<Response> {
    let call: GateCall;
    try {
      call = callSchema.parse(await request.json());
    } catch {
      // Only this Worker reaches the object; a call it cannot read is a bug, told back, not kept.
      return Response.json({ error: "bad gate call" }, { status: 400 });
    }
    return Response.json(await this.handle(call));
  }

  async handle(call: GateCall): Promise<Reservation | { pausedUntil: number }> {
    const nowMs = this.clock();
    if (call.op === "pause") {
      const until = call.untilMs;
      if (until > this.pausedUntil) {
        this.pausedUntil = until;
        this.core?.pause(until);
        await this.state.storage.put(PAUSE_KEY, until);
      }
      return { pausedUntil: this.pausedUntil };
    }
    return this.coreFor(call.limit).reserve(call.requests, nowMs + call.leadMs);
  }

  /** The limiter for the rate the Worker is configured with; a new rate (a redeploy) starts afresh. */
  private coreFor(limit: RateLimit): GateCore {
    const key = JSON.stringify([limit.perSecond, limit.perRecipientMs, limit.burst ?? 1]);
    if (!this.core || key !== this.limitKey) {
      this.core = createGateCore(limit, { horizonMs: GATE_HORIZON_MS, lateMs: GATE_LATE_MS });
      this.limitKey = key;
    }
    this.core.pause(this.pausedUntil);
    return this.core;
  }
}

export class GateError extends Error {
  override name = "GateError";
}

/** The drainer's gate on Workers: one `RateGate` object per channel, reached through its binding. */
export function createDurableGate(namespace: DurableObjectNamespace): SendGate {
  const call = async (channel: string, body: GateCall): Promise<unknown> => {
    const stub = namespace.get(namespace.idFromName(channel));
    const response = await stub.fetch("https://rate-gate/", { method: "POST", body: JSON.stringify(body) });
    if (!response.ok) throw new GateError(`rate gate answered ${response.status}`);
    return response.json();
  };
  return {
    lookahead: true,
    async reserve(channel, limit, requests, leadMs) {
      const lead = Math.min(MAX_LEAD_MS, Math.max(0, leadMs));
      return (await call(channel, { op: "reserve", limit, requests, leadMs: lead })) as Reservation;
    },
    async pause(channel, untilMs) {
      await call(channel, { op: "pause", untilMs });
    },
  };
}
