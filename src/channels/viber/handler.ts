import type { Translate } from "../../i18n/index.ts";
import type { Receive, Received, ReplyRenderer } from "../../usecases/receive.ts";
import { VIBER, type ViberPayload } from "./client.ts";
import { translate, type ViberCallback, type ViberInput } from "./parse.ts";
import { renderViber, welcomeOf } from "./render.ts";

export type ViberHandlerDeps = {
  receive: Receive;
  t: Translate;
  /** The `sender` of a message answered in the webhook reply. */
  sender: { name: string; avatar?: string };
  now?: () => Date;
};

/** The welcome message, answered in the webhook reply to `conversation_started`. */
export type WelcomeReply = ViberPayload & { sender: { name: string } };

export type HandledCallback = { reply: WelcomeReply | null };

/** What the renderer needs: the engine's button id for a tap, and whether the reply is the welcome. */
type ViberContext = { pressed: string | null; welcome: boolean };

/**
 * A reply as `send_message` payloads to queue; for the welcome (to someone not yet subscribed)
 * everything goes into the one message the webhook's answer may carry instead.
 */
export function viberReplyRenderer(t: Translate, sender: { name: string }): ReplyRenderer<ViberContext, WelcomeReply> {
  return (locale, intents, context) => {
    const payloads = renderViber(t, locale, intents, context.pressed);
    if (!context.welcome) return { payloads, reply: null };
    const welcome = welcomeOf(payloads);
    return { payloads: [], reply: welcome ? { ...welcome, sender } : null };
  };
}

/** What a callback is for the inbound use case; the adapter decides nothing about surveys. */
export function toReceived(input: ViberInput): Received<ViberContext> {
  switch (input.type) {
    case "ignore":
      return { type: "ignore" };
    case "subscription":
      // Never creates anyone: a person erased by /forget stays erased; Glas meets them when they write.
      return { type: "membership", platformId: input.platformId, active: input.subscribed };
    case "delivery":
      return { type: "receipt", externalId: input.externalId, status: input.status };
    case "inbound":
      return {
        type: "message",
        externalId: input.externalId,
        recipient: input.userId,
        inbound: input.inbound,
        context: { pressed: input.pressed, welcome: input.welcome },
      };
    default: {
      const never: never = input;
      throw new Error(`unhandled input ${JSON.stringify(never)}`);
    }
  }
}

/** One Viber callback: translated, then received. Receipts and subscriptions are idempotent by themselves. */
export function createViberHandler(deps: ViberHandlerDeps) {
  const render = viberReplyRenderer(deps.t, deps.sender);
  return async function handle(callback: ViberCallback): Promise<HandledCallback> {
    const received = toReceived(translate(callback, deps.now));
    return { reply: await deps.receive(VIBER, received, render) };
  };
}
