import type { SendError } from "./send-error.ts";

/** The messengers Glas speaks through. `terminal` is `glas simulate`. */
export type ChannelName = "telegram" | "viber" | "terminal";

/**
 * The sending side of a channel: one rendered payload (plain JSON, as stored in the outbox)
 * to one recipient. Failures are thrown as `SendError`, nothing else.
 * @example await telegram.send("123456", { method: "sendMessage", params: { text: "Bună ziua" } });
 */
export interface ChannelSender {
  readonly channel: ChannelName;
  send(recipient: string, payload: unknown): Promise<{ externalId: string | null }>;
  /** One payload to many recipients in one call, where the platform allows it (Viber's broadcast_message). */
  readonly batch?: BatchSender;
}

/** A recipient a batch call did not reach, and why, as a single send would have failed. */
export type BatchFailure = { recipient: string; error: SendError };

export interface BatchSender {
  /** Most recipients one call takes. */
  readonly max: number;
  /** Throws `SendError` when the call as a whole failed; `failed` lists the recipients it did not reach. */
  send(recipients: readonly string[], payload: unknown): Promise<{ externalId: string | null; failed: BatchFailure[] }>;
}
