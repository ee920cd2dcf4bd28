import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { constantTimeEqual } from "./constant-time.ts";

/** Platforms send small updates; anything bigger is refused before it is read in full. */
export const WEBHOOK_BODY_MAX_BYTES = 1024 * 1024;

export const webhookBodyLimit = (): MiddlewareHandler =>
  bodyLimit({ maxSize: WEBHOOK_BODY_MAX_BYTES, onError: (c) => c.json({ error: "payload too large" }, 413) });

/**
 * Compares a secret header in constant time. A route with no secret configured refuses
 * every request: an unverifiable webhook is not one to act on.
 */
export function requireSecretHeader(header: string, secret: string | undefined): MiddlewareHandler {
  return async function secretHeader(c, next) {
    const given = c.req.header(header);
    if (!secret || given === undefined || !constantTimeEqual(secret, given)) {
      return c.json({ error: "unauthorized" }, 401);
    }
    await next();
  };
}

/** Parses the raw body as JSON; malformed JSON is the sender's error (400), never ours. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
