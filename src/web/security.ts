import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { constantTimeEqual } from "../http/middleware/constant-time.ts";
import { hashToken } from "../usecases/dashboard.ts";

/**
 * No script at all, styles from our own stylesheet only (so not even a style attribute), images
 * from here or inline SVG, forms posting back here only. Pages cannot be framed, except the
 * public results (`frameable`), which a council's website may embed.
 */
export function contentSecurityPolicy(frameable: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameable ? "*" : "'none'"}`,
  ].join("; ");
}

/** Headers on every web page; pages with figures are never stored by a browser or a proxy. */
export function webHeaders(options: { frameable: boolean; cache: "no-store" | "public" }): MiddlewareHandler {
  return async function webHeaders(c, next) {
    await next();
    c.header("content-security-policy", contentSecurityPolicy(options.frameable));
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "no-referrer");
    if (!options.frameable) c.header("x-frame-options", "DENY");
    c.header("cache-control", options.cache === "no-store" ? "no-store" : "public, max-age=3600");
  };
}

export const SESSION_COOKIE = "glas_session";
/** Before a session exists: the sign-in form's double-submit token. */
export const LOGIN_COOKIE = "glas_login";
export const CSRF_FIELD = "csrf";

/**
 * A form's CSRF token: derived from the session's secret token, which only the signed-in
 * browser holds (an HttpOnly cookie), so another site can neither read nor compute it.
 */
export async function csrfToken(sessionToken: string): Promise<string> {
  return (await hashToken(`csrf:${sessionToken}`)).slice(0, 43);
}

export async function validCsrf(sessionToken: string, given: unknown): Promise<boolean> {
  return typeof given === "string" && constantTimeEqual(await csrfToken(sessionToken), given);
}

/** Secure cookies over https: PUBLIC_URL's scheme when set (behind a proxy), else the request's. */
export function isHttps(c: Context, publicUrl: string | null): boolean {
  return (publicUrl ?? c.req.url).startsWith("https:");
}

export function sessionToken(c: Context): string | null {
  const token = getCookie(c, SESSION_COOKIE);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}
