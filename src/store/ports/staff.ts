/* Social workers and the directorate: invites, scopes, contacts. */
import type { Locale } from "../../engine/locale.ts";
import type { Respondent } from "./people.ts";

export type StaffRole = "social_worker" | "directorate";
export const STAFF_ROLES: readonly StaffRole[] = ["social_worker", "directorate"];

/** A staff member's scope: whom their consultations may reach (null: anyone). */
export type StaffScope = { serviceId: string | null; localityId: string | null };

export type StaffMember = StaffScope & {
  id: string;
  respondentId: string;
  role: StaffRole;
  createdAt: Date;
  revokedAt: Date | null;
};

/** What `glas staff list` shows: no names, no platform ids. */
export type StaffListing = StaffMember & { channel: string; service: string | null; locality: string | null };

/** Where a staff member is reached (for progress messages). */
export type StaffContact = { respondentId: string; channel: string; platformId: string; locale: Locale | null };

export type Invite = StaffScope & { id: string; role: StaffRole; expiresAt: Date; usedAt: Date | null };

/** A person's chat: channel and platform id. */
export type ChatRef = Pick<Respondent, "channel" | "platformId">;

export type JoinLock = { failures: number; lockedUntil: Date | null };

/**
 * Invites, staff members and the wrong-code counter. Codes are stored only as hashes; an
 * invite is claimed with a conditional update, so two people cannot both use it.
 * @example if (await staff.claimInvite(invite.id, now)) await staff.enrol({ respondentId, role, serviceId, localityId }, now);
 */
export interface StaffStore {
  createInvite(invite: StaffScope & { codeHash: string; role: StaffRole; expiresAt: Date }): Promise<Invite>;
  inviteByHash(codeHash: string): Promise<Invite | null>;
  /** Marks the invite used if it is still unused and unexpired; false when it is not (another claim won). */
  claimInvite(id: string, now: Date): Promise<boolean>;
  /** Makes the person staff (again): role and scope replaced, a revocation lifted. */
  enrol(member: StaffScope & { respondentId: string; role: StaffRole }, now: Date): Promise<StaffMember>;
  byRespondent(respondentId: string): Promise<StaffMember | null>;
  contact(staffId: string): Promise<StaffContact | null>;
  list(): Promise<StaffListing[]>;
  /** False when there is no such member, or they were revoked already. */
  revoke(id: string, now: Date): Promise<boolean>;
  /** The lockout is kept per chat as a keyed hash of channel and platform id: it survives /forget, naming no one. */
  joinLock(chat: ChatRef): Promise<JoinLock>;
  /** Counts one wrong code; the `max`th in a row locks until `lockUntil` and the count starts again. */
  joinFailed(chat: ChatRef, now: Date, max: number, lockUntil: Date): Promise<JoinLock>;
  joinSucceeded(chat: ChatRef): Promise<void>;
  localityByName(name: string): Promise<{ id: string; name: string } | null>;
  localityById(id: string): Promise<{ id: string; name: string } | null>;
  /** Localities that have a service (the ones an audience can name). */
  localities(): Promise<{ id: string; name: string }[]>;
}
