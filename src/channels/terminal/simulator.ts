import type { Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import { type Inbound, type RespondDeps, respond } from "../../usecases/respond.ts";
import { pressInbound, type Sender, textInbound } from "../inbound.ts";
import { type OutgoingMessage, renderIntent } from "../render-text.ts";

export const TERMINAL_CHANNEL = "terminal";

export type SimulatorOptions = {
  deps: RespondDeps;
  t: Translate;
  platformId: string;
  locale?: Locale | null;
  serviceCode?: string | null;
  surveySlug?: string | null;
  write: (text: string) => void;
  now?: () => Date;
};

export type Simulator = {
  /** Opens the conversation as a deep link would (`/start`). */
  start(): Promise<void>;
  /**
   * One typed line: a lone number N presses button N of the last message that had buttons
   * (`#N` where the question itself asks for a number).
   */
  line(text: string): Promise<void>;
  /** True once the survey has ended (completed or declined). */
  readonly ended: boolean;
};

/** The terminal adapter behind `glas simulate`: buttons become a numbered list. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const now = options.now ?? (() => new Date());
  const sender: Sender = { channel: TERMINAL_CHANNEL, platformId: options.platformId, suggestedLocale: options.locale ?? null };
  let buttons: { id: string; label: string }[] = [];
  let typedNumbers = false;
  let seq = 0;
  let ended = false;

  async function send(inbound: Inbound): Promise<void> {
    const result = await respond(options.deps, inbound);
    for (const intent of result.intents) {
      if (intent.type === "end") {
        ended = true;
        continue;
      }
      const message = renderIntent(options.t, result.locale, intent);
      if (message) print(message);
    }
  }

  function print(message: OutgoingMessage): void {
    const lines = [message.text];
    const flat = message.buttons.flat();
    if (message.input) typedNumbers = message.input === "number";
    if (flat.length > 0) {
      buttons = flat;
      lines.push("", ...flat.map((b, i) => `  ${String(i + 1).padStart(2)}) ${b.label}`));
    }
    options.write(`${lines.join("\n")}\n\n`);
  }

  const nextId = () => `${options.platformId}:${++seq}`;

  return {
    get ended() {
      return ended;
    },
    async start() {
      const id = nextId();
      await send({
        ...sender,
        type: "event",
        event: { id, at: now().toISOString(), type: "start" },
        serviceCode: options.serviceCode ?? null,
        surveySlug: options.surveySlug ?? null,
      });
    },
    async line(text) {
      const id = nextId();
      const at = now().toISOString();
      const trimmed = text.trim();
      const pick = typedNumbers ? /^#(\d{1,2})$/.exec(trimmed) : /^#?(\d{1,2})$/.exec(trimmed);
      const n = pick ? Number(pick[1]) : null;
      const button = n !== null ? buttons[n - 1] : undefined;
      if (button) {
        await send(pressInbound(sender, id, at, button.id));
        return;
      }
      await send(textInbound(sender, id, at, text));
    },
  };
}
