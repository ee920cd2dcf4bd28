import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "../../log.ts";
import { constantTimeEqual } from "./constant-time.ts";

/** Platforms send small updates; anything bigger is refused before it is read in full. */
export const WEBHOOK_BODY_MAX_BYTES = 1024 * 1024;

export type RefusalStatus = 400 | 401 | 413;

/**
 * Refuses a webhook request, logging it once at warn: the route, the status and a fixed
 * reason. Never the body or a header's value: they may hold what a person wrote, or a secret.
 */
export function refuse(
  c: Context,
  log: Logger,
  status: RefusalStatus,
  reason: string,
  details: Record<string, unknown> = {},
): Response {
  log.warn({ route: c.req.path, status, reason }, "webhook refused");
  // Which check a 401 failed is for the log; the caller learns only that it failed.
  return c.json({ error: status === 401 ? "unauthorized" : reason, ...details }, status);
}

export const webhookBodyLimit = (log: Logger): MiddlewareHandler =>
  bodyLimit({ maxSize: WEBHOOK_BODY_MAX_BYTES, onError: (c) => refuse(c, log, 413, "payload too large") });

/**
 * Compares a secret header in constant time. A route with no secret configured refuses
 * every request: an unverifiable webhook is not one to act on.
 */
export function requireSecretHeader(header: string, secret: string | undefined, log: Logger): MiddlewareHandler {
  return async function secretHeader(c, next) {
    const given = c.req.header(header);
    if (!secret) return refuse(c, log, 401, "no secret configured");
    if (given === undefined || given === "") return refuse(c, log, 401, "secret missing");
    if (!constantTimeEqual(secret, given)) return refuse(c, log, 401, "secret wrong");
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
