import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/ports.ts";
import type { RespondDeps } from "../../usecases/respond.ts";
import type { ChannelSender } from "../types.ts";
import { withBroadcast } from "./broadcast.ts";
import { createViberApi, createViberSender, senderOf } from "./client.ts";
import { createViberHandler } from "./handler.ts";
import { viberRoutes } from "./routes.ts";
import { createSignatureVerifier } from "./signature.ts";

export type ViberChannelOptions = {
  token: string;
  /** `VIBER_BOT_NAME`: the sender name shown on every message. */
  botName: string;
  apiRoot: string;
  store: Store;
  respond: RespondDeps;
  t: Translate;
  log: Logger;
  wake(): void;
  now?: () => Date;
  /** `VIBER_BROADCAST`: bulk messages go through broadcast_message (once Viber has approved it for the bot). */
  broadcast?: boolean;
};

/** Everything Viber, wired: the REST client, the outbox sender, the callback handler and the webhook route. */
export function createViberChannel(options: ViberChannelOptions) {
  const api = createViberApi({ token: options.token, apiRoot: options.apiRoot });
  const handle = createViberHandler({
    respond: options.respond,
    t: options.t,
    outbox: options.store.outbox,
    updates: options.store.updates,
    respondents: options.store.respondents,
    sender: senderOf({ botName: options.botName }),
    log: options.log,
    wake: options.wake,
    ...(options.now ? { now: options.now } : {}),
  });
  const single = createViberSender(api, { botName: options.botName });
  const sender: ChannelSender = options.broadcast ? withBroadcast(single, api, { botName: options.botName }) : single;
  const routes = viberRoutes({ verifier: createSignatureVerifier(options.token), handle });
  return { api, handle, sender, routes };
}

export type ViberChannel = ReturnType<typeof createViberChannel>;
