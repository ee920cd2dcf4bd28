import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

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

const encoder = new TextEncoder();

/**
 * Whether `given` equals `expected`, taking the same time wherever they differ: every byte of
 * `expected` is compared. Only the length can show, and a secret's length is no secret.
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  const a = encoder.encode(expected);
  const b = encoder.encode(given);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Parses the raw body as JSON; malformed JSON is the sender's error (400), never ours. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
