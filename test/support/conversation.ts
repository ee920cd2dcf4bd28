import type { Ask, Intent } from "../../src/engine/intents.ts";
import type { Locale } from "../../src/engine/locale.ts";
import { type Inbound, type RespondDeps, type RespondResult, respond } from "../../src/usecases/respond.ts";

/** Drives `respond` as one person in one channel, remembering the last question asked. */
export function conversation(
  deps: RespondDeps,
  platformId: string,
  options: { channel?: string; locale?: Locale; start?: Date; idPrefix?: string } = {},
) {
  const channel = options.channel ?? "terminal";
  let clock = options.start?.getTime() ?? Date.parse("2026-11-24T08:00:00Z");
  let seq = 0;
  let lastAsk: Ask | null = null;
  const sender = { channel, platformId, suggestedLocale: options.locale ?? null };

  async function send(inbound: Inbound): Promise<RespondResult> {
    const result = await respond(deps, inbound);
    for (const i of result.intents) {
      if (i.type === "ask") lastAsk = i;
      if (i.type === "reask") lastAsk = i.ask;
    }
    return result;
  }
  const next = () => {
    clock += 1000;
    return { id: `${options.idPrefix ?? platformId}:${++seq}`, at: new Date(clock).toISOString() };
  };

  return {
    get ask(): Ask | null {
      return lastAsk;
    },
    /** Moves the clock on (for expiry). */
    wait(ms: number) {
      clock += ms;
    },
    event(event: Record<string, unknown> & { type: string }, extra: Partial<Inbound> = {}) {
      return send({ ...sender, type: "event", event: { ...next(), ...event }, ...extra } as Inbound);
    },
    start(extra: { serviceCode?: string; surveySlug?: string } = {}) {
      return send({ ...sender, type: "event", event: { ...next(), type: "start" }, ...extra });
    },
    press(data: string) {
      return send({ ...sender, type: "event", event: { ...next(), type: "press", data } });
    },
    /** Presses button N (1-based, across rows) of the last question. */
    pressNth(n: number) {
      const button = lastAsk?.buttons.flat()[n - 1];
      if (!button) throw new Error(`no button ${n} on ${lastAsk?.ref}`);
      return this.press(button.id);
    },
    text(text: string) {
      return send({ ...sender, type: "event", event: { ...next(), type: "text", text } });
    },
    command(command: "help" | "stop" | "forget") {
      return send({ ...sender, type: "command", command });
    },
    /** Re-sends an exact inbound (a redelivery). */
    resend(inbound: Inbound) {
      return send(inbound);
    },
    next,
    sender,
  };
}

export const kinds = (intents: Intent[]) => intents.map((i) => i.type);
