import type { ViberApi } from "./client.ts";

/**
 * Callbacks Glas asks for. `message` always comes and cannot be listed; `webhook` is Viber's
 * check of the URL while `set_webhook` runs, so the server must already be answering there.
 */
export const EVENT_TYPES = ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"] as const;

export function webhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/viber/webhook`;
}

/** Points Viber at PUBLIC_URL/viber/webhook; names and photos are not asked for (`send_name`, `send_photo`). */
export async function setViberWebhook(api: ViberApi, publicUrl: string): Promise<{ url: string; eventTypes: string[] }> {
  const url = webhookUrl(publicUrl);
  const answer = await api.call("set_webhook", { url, event_types: [...EVENT_TYPES], send_name: false, send_photo: false });
  const eventTypes = Array.isArray(answer.event_types) ? answer.event_types.map(String) : [...EVENT_TYPES];
  return { url, eventTypes };
}

export type AccountInfo = { id: string; name: string; uri: string };

/** The bot account: its name, and the URI that `viber://pa?chatURI=` links open. */
export async function accountInfo(api: ViberApi): Promise<AccountInfo> {
  const answer = await api.call("get_account_info", {});
  return { id: String(answer.id ?? ""), name: String(answer.name ?? ""), uri: String(answer.uri ?? "") };
}
