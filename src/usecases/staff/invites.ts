import { type Intent, i18n } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Respondent, Service, StaffRole, Store } from "../../store/ports.ts";
import { type AuditWho, OPERATOR, recordAudit, scopeOf, staffWho } from "../privacy/audit.ts";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const JOIN_MAX_FAILURES = 5;
export const JOIN_LOCK_MS = 60 * 60 * 1000;

/** No 0/O, 1/I/L or U: a code read aloud or copied by hand survives. 30^12 ≈ 2^59. */
const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** A fresh code like `K7MQ-2XRD-HB9T`, from the platform's cryptographic random source. */
export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(GROUPS * GROUP_LENGTH * 2));
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) {
    if (byte >= 240) continue; // 240 = 8 × 30
    chars.push(ALPHABET[byte % ALPHABET.length] ?? "");
    if (chars.length === GROUPS * GROUP_LENGTH) break;
  }
  if (chars.length < GROUPS * GROUP_LENGTH) return newInviteCode();
  return Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join("")).join("-");
}

/** What people type varies (`k7mq 2xrd-hb9t`); the hash is of the letters alone. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** SHA-256 of the normalised code, hex (WebCrypto: the same on Node and Workers). */
export async function hashCode(code: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalizeCode(code)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class InviteError extends Error {
  override name = "InviteError";
}

export type IssuedInvite = { code: string; role: StaffRole; service: Service | null; locality: string | null; expiresAt: Date };

/**
 * Issues a one-time code for a role, optionally limited to a service (and its locality) or
 * a locality. Only the hash is stored: the code is shown once, to the operator.
 */
export async function issueInvite(
  store: Store,
  input: { role: StaffRole; service?: string | null; locality?: string | null },
  now: Date,
  who: AuditWho = OPERATOR,
): Promise<IssuedInvite> {
  const service = input.service ? await store.services.byCode(input.service) : null;
  if (input.service && !service) throw new InviteError(`no service with code "${input.service}"`);
  const locality = input.locality ? await store.staff.localityByName(input.locality) : null;
  if (input.locality && !locality) throw new InviteError(`no locality named "${input.locality}" (localities come with services)`);
  if (service && locality && service.localityId !== locality.id) {
    throw new InviteError(`service "${service.code}" is not in ${locality.name}`);
  }
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  const localityName = locality?.name ?? service?.locality ?? null;
  await recordAudit(
    store,
    who,
    "invite.issued",
    { service: service?.code ?? null, locality: localityName, detail: `role ${input.role}` },
    now,
  );
  await store.staff.createInvite({
    codeHash: await hashCode(code),
    role: input.role,
    serviceId: service?.id ?? null,
    localityId: locality?.id ?? service?.localityId ?? null,
    expiresAt,
  });
  return { code, role: input.role, service, locality: locality?.name ?? service?.locality ?? null, expiresAt };
}

const say = (key: string, params?: Record<string, string | number>): Intent => ({ type: "say", parts: [i18n(key, params)] });

/**
 * `/join CODE`: a right code makes the person staff with the invite's role and scope. Wrong,
 * used or expired codes count; five in a row lock the chat out for an hour (kept in the
 * database, so it holds across restarts and Workers isolates).
 */
export async function join(
  store: Store,
  respondent: Respondent,
  payload: string | null,
  now: Date,
  locale: Locale,
): Promise<Intent[]> {
  const lock = await store.staff.joinLock(respondent);
  if (lock.lockedUntil && lock.lockedUntil > now) {
    const minutes = Math.max(1, Math.ceil((lock.lockedUntil.getTime() - now.getTime()) / 60_000));
    return [say("staff.join.locked", { count: minutes })];
  }
  if (!payload || normalizeCode(payload).length === 0) return [say("staff.join.usage")];
  const invite = await store.staff.inviteByHash(await hashCode(payload));
  let refusal: "wrong" | "used" | "expired" | null = null;
  if (!invite) refusal = "wrong";
  else if (invite.usedAt) refusal = "used";
  else if (invite.expiresAt <= now) refusal = "expired";
  else if (!(await store.staff.claimInvite(invite.id, now))) refusal = "used";
  if (refusal || !invite) {
    const after = await store.staff.joinFailed(respondent, now, JOIN_MAX_FAILURES, new Date(now.getTime() + JOIN_LOCK_MS));
    const answer = say(`staff.join.${refusal ?? "wrong"}`);
    return after.lockedUntil && after.lockedUntil > now ? [answer, say("staff.join.lockedNow")] : [answer];
  }
  await store.staff.joinSucceeded(respondent);
  // Progress messages and results reach staff later, unprompted: in the language they joined in.
  if (!respondent.locale) await store.respondents.update(respondent.id, { locale });
  const member = await store.staff.enrol(
    { respondentId: respondent.id, role: invite.role, serviceId: invite.serviceId, localityId: invite.localityId },
    now,
  );
  await recordAudit(store, staffWho(member), "staff.joined", await scopeOf(store, member), now);
  const service = invite.serviceId ? await store.services.byId(invite.serviceId) : null;
  const locality = invite.localityId ? await store.staff.localityById(invite.localityId) : null;
  const scope = service
    ? i18n("staff.scope.service", { name: service.name })
    : locality
      ? i18n("staff.scope.locality", { name: locality.name })
      : i18n("staff.scope.all");
  const commands = [
    i18n("staff.join.commands"),
    ...(invite.role === "directorate" ? [i18n("staff.join.commandsDirectorate")] : []),
  ];
  return [{ type: "say", parts: [i18n(`staff.join.welcome.${invite.role}`), scope, ...commands] }];
}
