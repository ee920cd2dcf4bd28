import { SendError } from "../send-error.ts";
import type { BatchFailure, BatchSender, ChannelSender } from "../types.ts";
import { senderOf, toSendError, type ViberApi, type ViberPayload, type ViberSenderOptions } from "./client.ts";

/** Viber takes at most 300 receivers in one `broadcast_message` call. */
export const BROADCAST_MAX_RECEIVERS = 300;

type FailedReceiver = { receiver?: unknown; status?: unknown };

/**
 * `broadcast_message`: one message to up to 300 people in one call, for accounts Viber has
 * approved for it (`VIBER_BROADCAST`). A refusal of the call as a whole is thrown as for a
 * single send; the receivers listed in `failed_list` come back with the `SendError` their
 * status means (5 or 6: stopped), so the outbox settles each as it would a single send.
 */
export function createViberBroadcast(api: ViberApi, options: ViberSenderOptions): BatchSender {
  const sender = senderOf(options);
  return {
    max: BROADCAST_MAX_RECEIVERS,
    async send(recipients, payload) {
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new SendError("failed", "Viber: not a message");
      }
      if (recipients.length === 0 || recipients.length > BROADCAST_MAX_RECEIVERS) {
        throw new SendError("failed", `Viber broadcast_message: ${recipients.length} receivers`);
      }
      const answer = await api.call("broadcast_message", {
        ...(payload as ViberPayload),
        broadcast_list: [...recipients],
        sender,
      });
      const listed = Array.isArray(answer.failed_list) ? (answer.failed_list as FailedReceiver[]) : [];
      const failed: BatchFailure[] = [];
      for (const entry of listed) {
        const status = Number(entry.status);
        if (typeof entry.receiver !== "string" || !Number.isInteger(status) || status === 0) continue;
        failed.push({ recipient: entry.receiver, error: toSendError(status, "broadcast_message") });
      }
      const token = answer.message_token;
      return { externalId: typeof token === "string" || typeof token === "number" ? String(token) : null, failed };
    },
  };
}

/** The single sender, with `broadcast_message` beside it for bulk messages. */
export function withBroadcast(single: ChannelSender, api: ViberApi, options: ViberSenderOptions): ChannelSender {
  const batch = createViberBroadcast(api, options);
  return { channel: single.channel, send: (recipient, payload) => single.send(recipient, payload), batch };
}
