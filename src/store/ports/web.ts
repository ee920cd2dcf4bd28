/* The dashboard: sign-in links and sessions, public notes. */
import type { Locale } from "../../engine/locale.ts";
import type { StaffMember } from "./staff.ts";

/** A signed-in dashboard browser: who, in which language, until when. */
export type DashboardSession = { id: string; staff: StaffMember; locale: Locale; expiresAt: Date };

/** "You said, we did": what the directorate changed because of what people said. */
export type PublicNote = { serviceId: string; periodKey: string; text: string; updatedAt: Date };

/**
 * The dashboard's one-time sign-in links and sessions (tokens stored only as SHA-256 hashes),
 * and the notes published with the public results.
 * @example if (await web.claimLink(hash, now)) await web.createSession({ tokenHash, staffId, locale, expiresAt });
 */
export interface WebStore {
  createLink(link: { tokenHash: string; staffId: string; expiresAt: Date }): Promise<void>;
  /** The link's staff member if it is unused and unexpired (it stays so). */
  peekLink(tokenHash: string, now: Date): Promise<string | null>;
  /** Marks the link used if it still is unused and unexpired (a conditional update): its staff id, else null. */
  claimLink(tokenHash: string, now: Date): Promise<string | null>;
  createSession(session: { tokenHash: string; staffId: string; locale: Locale; expiresAt: Date }): Promise<void>;
  /** Null when unknown, expired, or its staff member was revoked. */
  session(tokenHash: string, now: Date): Promise<DashboardSession | null>;
  setSessionLocale(tokenHash: string, locale: Locale): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Expired links and sessions, and those of revoked staff; returns how many. */
  purge(now: Date): Promise<number>;
  notes(periodKeys: readonly string[]): Promise<PublicNote[]>;
  /** Writes (or, with empty text, deletes) the note of a service and period. */
  saveNote(note: { serviceId: string; periodKey: string; text: string }): Promise<void>;
}
