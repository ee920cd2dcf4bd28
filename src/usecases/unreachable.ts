import type { Logger } from "../log.ts";
import type { RespondentStore } from "../store/ports.ts";

/**
 * The platform said a person cannot be reached (Telegram 403: blocked or deactivated; Viber
 * status 5 or 6: not subscribed, inactive): they are marked unreachable, so no broadcast goes
 * to them again until they write (a `/start` or a subscription makes them active).
 */
export function createMarkUnreachable(deps: { respondents: Pick<RespondentStore, "update">; log: Logger }) {
  return async function markUnreachable(message: { channel: string; respondentId: string | null }): Promise<void> {
    if (!message.respondentId) return;
    await deps.respondents.update(message.respondentId, { status: "unreachable" });
    deps.log.info({ channel: message.channel, event: "unreachable" }, "person marked unreachable");
  };
}
