import { Hono } from "hono";
import { refuse, webhookBodyLimit } from "../../http/middleware/webhook.ts";
import type { Logger } from "../../log.ts";
import { parseViberJson } from "./client.ts";
import type { HandledCallback } from "./handler.ts";
import { checkCallback, type ViberCallback } from "./parse.ts";
import { SIGNATURE_HEADER, type SignatureVerifier } from "./signature.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `POST /viber/webhook`: size (413), signature over the raw bytes (401) before anything is
 * parsed, JSON without losing a digit of the tokens (400), the callback's shape (400), then
 * the handler. Events Glas does not read, and Viber's `webhook` check, get 200.
 */
export function viberRoutes(options: {
  verifier: SignatureVerifier;
  log: Logger;
  handle: (callback: ViberCallback) => Promise<HandledCallback>;
}): Hono {
  const { log } = options;
  const app = new Hono();
  app.post("/viber/webhook", webhookBodyLimit(log), async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const signature = c.req.header(SIGNATURE_HEADER);
    if (!signature) return refuse(c, log, 401, "signature missing");
    if (!(await options.verifier.verify(raw, signature))) return refuse(c, log, 401, "signature wrong");
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      return refuse(c, log, 400, "malformed JSON");
    }
    const body = parseViberJson(text);
    if (!body.ok) return refuse(c, log, 400, "malformed JSON");
    const checked = checkCallback(body.value);
    if (checked.type === "unknown") return c.body(null, 200);
    if (checked.type === "invalid") return refuse(c, log, 400, "not a Viber callback", { issues: checked.issues });
    const handled = await options.handle(checked.callback);
    return handled.reply ? c.json(handled.reply) : c.body(null, 200);
  });
  return app;
}
