import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { Receive } from "../../usecases/receive.ts";
import type { ChannelDefinition, ChannelRenderer, ChannelSender, HttpFetch } from "../types.ts";
import { withBroadcast } from "./broadcast.ts";
import { createViberApi, createViberSender, senderOf, VIBER } from "./client.ts";
import { createViberHandler } from "./handler.ts";
import { renderViber, renderViberSummary } from "./render.ts";
import { viberRoutes } from "./routes.ts";
import { createSignatureVerifier } from "./signature.ts";

export type ViberChannelOptions = {
  token: string;
  /** `VIBER_BOT_NAME`: the sender name shown on every message. */
  botName: string;
  apiRoot: string;
  receive: Receive;
  t: Translate;
  log: Logger;
  now?: () => Date;
  /** `VIBER_BROADCAST`: bulk messages go through broadcast_message (once Viber has approved it for the bot). */
  broadcast?: boolean;
  /** The HTTP client of the REST calls; the runtime's fetch by default. */
  fetch?: HttpFetch;
};

/** Everything Viber, wired: the REST client, the outbox sender, the callback handler and the webhook route. */
export function createViberChannel(options: ViberChannelOptions) {
  const api = createViberApi({
    token: options.token,
    apiRoot: options.apiRoot,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const handle = createViberHandler({
    receive: options.receive,
    t: options.t,
    sender: senderOf({ botName: options.botName }),
    ...(options.now ? { now: options.now } : {}),
  });
  const single = createViberSender(api, { botName: options.botName });
  const sender: ChannelSender = options.broadcast ? withBroadcast(single, api, { botName: options.botName }) : single;
  const routes = viberRoutes({ verifier: createSignatureVerifier(options.token), log: options.log, handle });
  return { api, handle, sender, routes };
}

export type ViberChannel = ReturnType<typeof createViberChannel>;

/**
 * The renderer for broadcasts and summaries. Viber cannot edit a sent message (progress shows
 * as the final count only), and takes the chart and the workbook only as links: with PUBLIC_URL.
 */
function viberRenderer(t: Translate, publicUrl: string | null): ChannelRenderer {
  return {
    broadcast: { messages: (locale, intents) => renderViber(t, locale, intents, null), edit: () => null },
    summary: { files: publicUrl !== null, messages: (locale, delivery) => renderViberSummary(t, locale, delivery, publicUrl) },
  };
}

/** Viber: on with `VIBER_AUTH_TOKEN` and `VIBER_BOT_NAME`. */
export const viber: ChannelDefinition = {
  name: VIBER,
  renderer: viberRenderer,
  create(deps) {
    const { config } = deps;
    if (!config.VIBER_AUTH_TOKEN || !config.VIBER_BOT_NAME) return null;
    const channel = createViberChannel({
      token: config.VIBER_AUTH_TOKEN,
      botName: config.VIBER_BOT_NAME,
      apiRoot: config.VIBER_API_ROOT,
      broadcast: config.VIBER_BROADCAST,
      receive: deps.receive,
      t: deps.t,
      log: deps.log,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return {
      name: VIBER,
      routes: channel.routes,
      sender: channel.sender,
      renderer: viberRenderer(deps.t, config.PUBLIC_URL ?? null),
      // Viber publishes no per-chat limit; bulk sends keep Telegram's pace per chat.
      limits: { perSecond: config.VIBER_RATE, perRecipientMs: 1000 },
    };
  },
};
