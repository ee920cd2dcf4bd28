import type { Locale } from "../engine/locale.ts";
import type { Inbound } from "../usecases/respond.ts";
import { parseCommand, serviceFromPayload } from "./commands.ts";

export type Sender = { channel: string; platformId: string; suggestedLocale?: Locale | null };

/**
 * What typed text means, the same in every channel: a command (`/start svc_DC1`, `/stop`)
 * or an answer. Unknown `/words` are answers too; the engine asks again if they do not fit.
 */
export function textInbound(sender: Sender, id: string, at: string, text: string, ref?: string): Inbound {
  const parsed = parseCommand(text);
  if (!parsed) return { ...sender, type: "event", event: { id, at, type: "text", text, ...(ref ? { ref } : {}) } };
  switch (parsed.command) {
    case "start":
      return { ...sender, type: "event", event: { id, at, type: "start" }, serviceCode: serviceFromPayload(parsed.payload) };
    case "language":
      return { ...sender, type: "event", event: { id, at, type: "language" } };
    case "help":
    case "stop":
    case "forget":
    case "mydata":
      return { ...sender, type: "command", command: parsed.command };
    case "join":
    case "consult":
    case "results":
    case "cancel":
    case "summary":
    case "dashboard":
      return { ...sender, type: "command", command: parsed.command, payload: parsed.payload, at };
    default: {
      const never: never = parsed.command;
      throw new Error(`unhandled command ${String(never)}`);
    }
  }
}

export function pressInbound(sender: Sender, id: string, at: string, data: string): Inbound {
  return { ...sender, type: "event", event: { id, at, type: "press", data } };
}
