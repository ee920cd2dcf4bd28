import { Hono } from "hono";
import { webhookBodyLimit } from "../../http/middleware/webhook.ts";
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
  handle: (callback: ViberCallback) => Promise<HandledCallback>;
}): Hono {
  const app = new Hono();
  app.post("/viber/webhook", webhookBodyLimit(), async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!(await options.verifier.verify(raw, c.req.header(SIGNATURE_HEADER)))) return c.json({ error: "unauthorized" }, 401);
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return c.json({ error: "malformed JSON" }, 400);
    }
    const body = parseViberJson(text);
    if (!body.ok) return c.json({ error: "malformed JSON" }, 400);
    const checked = checkCallback(body.value);
    if (checked.type === "unknown") return c.body(null, 200);
    if (checked.type === "invalid") return c.json({ error: "not a Viber callback", issues: checked.issues }, 400);
    const handled = await options.handle(checked.callback);
    return handled.reply ? c.json(handled.reply) : c.body(null, 200);
  });
  return app;
}
