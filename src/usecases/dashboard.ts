import { type Intent, i18n } from "../engine/intents.ts";
import type { Logger } from "../log.ts";
import type { Respondent, Store } from "../store/ports.ts";

/** A sign-in link works this long, once. */
export const LINK_TTL_MS = 15 * 60_000;
/** 32 random bytes: 43 base64url characters in the link. */
const TOKEN_BYTES = 32;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** base64url without padding, with Web APIs only (Node and Workers). */
function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function newToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** SHA-256, hex: what is stored of a link's or a session's token. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export type DashboardCommandContext = {
  store: Store;
  log: Logger;
  respondent: Respondent;
  at: Date;
  /** PUBLIC_URL: the dashboard's address; without it there is no link to send. */
  publicUrl: string | null;
};

/**
 * `/dashboard` in the chat: a staff member (directorate or social worker) gets a one-time
 * sign-in link, valid 15 minutes; anyone else gets the "staff only" answer and no link.
 */
export async function dashboardCommand(ctx: DashboardCommandContext): Promise<Intent[]> {
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  if (!member || member.revokedAt) return [{ type: "say", parts: [i18n("staff.only")] }];
  if (!ctx.publicUrl) return [{ type: "say", parts: [i18n("web.chat.noAddress")] }];
  const token = newToken();
  await ctx.store.web.createLink({
    tokenHash: await hashToken(token),
    staffId: member.id,
    expiresAt: new Date(ctx.at.getTime() + LINK_TTL_MS),
  });
  ctx.log.info({ event: "dashboard-link", staffId: member.id }, "dashboard link issued");
  const url = `${ctx.publicUrl.replace(/\/+$/, "")}/dashboard/login/${token}`;
  return [{ type: "say", parts: [i18n("web.chat.link", { url, minutes: LINK_TTL_MS / 60_000 })] }];
}
