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
}
