/* Consultations: drafts, broadcasts, replies. */
import type { Locale } from "../../engine/locale.ts";

export type LocalizedText = Partial<Record<Locale, string>>;
export type Audience = { all: true } | { locality: string } | { service: string };
export type ConsultationStatus = "draft" | "sending" | "sent";

export type Consultation = {
  id: string;
  createdById: string | null;
  sourceLocale: Locale;
  text: LocalizedText;
  /** Null for a free-text answer. */
  choices: LocalizedText[] | null;
  audience: Audience;
  status: ConsultationStatus;
  createdAt: Date;
  scheduledAt: Date | null;
  queuedAt: Date | null;
  total: number;
  progressSeq: number;
  progressText: string | null;
  progressAt: Date | null;
};

export type NewConsultation = Pick<Consultation, "id" | "createdById" | "sourceLocale" | "text" | "choices" | "audience">;

/** A person a broadcast goes to. */
export type Recipient = { respondentId: string; channel: string; platformId: string; locale: Locale | null };

export type StoredDraft = { state: unknown; version: number };
export type AwaitedReply = { consultationId: string; explicit: boolean; activeFrom: Date };

/**
 * Consultations, their replies, drafts being written in the messenger, and who is expected
 * to answer one by typing. Audiences count respondents who are active, in a messenger.
 * @example const counts = await consultations.recipientCounts({ service: "DC1" }); // { telegram: 120, viber: 80 }
 */
export interface ConsultationStore {
  /** False when the id exists already (confirming twice creates one). */
  create(consultation: NewConsultation): Promise<boolean>;
  get(id: string): Promise<Consultation | null>;
  /** draft → sending, from `scheduledAt`; false when it was not a draft. */
  startSending(id: string, scheduledAt: Date): Promise<boolean>;
  recipientCounts(audience: Audience): Promise<Record<string, number>>;
  /** A page of recipients in respondent id order, after `after`. */
  recipients(audience: Audience, after: string | null, limit: number): Promise<Recipient[]>;
  /** Takes the fan-out for a while; false when another job holds it or it is done. */
  claimFanout(id: string, now: Date, leaseUntil: Date): Promise<boolean>;
  markQueued(id: string, total: number, now: Date): Promise<void>;
  /** Every consultation still sending (queued or not). */
  sending(): Promise<Consultation[]>;
  /** Version-checked on `progressSeq`; `done` marks it sent. */
  saveProgress(id: string, expectedSeq: number, text: string, at: Date, done: boolean): Promise<boolean>;
  /** The platform's id of the message queued under this key, once sent. */
  sentMessageId(dedupeKey: string): Promise<string | null>;
  /** Latest first; `createdById` null: everyone's. */
  recent(createdById: string | null, limit: number): Promise<Consultation[]>;
  /** Remembers whom it is sent to (idempotent), apart from the outbox, which forgets them once sent. */
  addRecipients(consultationId: string, respondentIds: string[]): Promise<void>;
  /** Whether this person was sent it and sending has begun by `at`: only then does a reply count. */
  mayReply(consultationId: string, respondentId: string, at: Date): Promise<boolean>;
  /**
   * One reply per person and consultation, and only from someone who `mayReply`: false when
   * they had replied already or may not.
   */
  reply(
    reply: { consultationId: string; respondentId: string; choice: number | null; text: string | null },
    at: Date,
  ): Promise<boolean>;
  hasReplied(consultationId: string, respondentId: string): Promise<boolean>;
  replyCounts(consultationId: string): Promise<{ total: number; byChoice: Record<number, number> }>;
  latestTexts(consultationId: string, limit: number): Promise<string[]>;
  /** Their next typed text answers this consultation, from `activeFrom` (unless they are in a survey). */
  awaitReplies(respondentIds: string[], consultationId: string, activeFrom: Date): Promise<void>;
  /** After the Reply button: their next typed text answers it, even in a survey. */
  awaitExplicit(respondentId: string, consultationId: string, at: Date): Promise<void>;
  clearAwait(respondentId: string): Promise<void>;
  /** The person's draft and awaited reply, in one round trip (asked on every typed text). */
  pending(respondentId: string): Promise<{ draft: StoredDraft | null; awaiting: AwaitedReply | null }>;
  /** Creates (expectedVersion null) or saves if unchanged since read; false when it lost a race. */
  saveDraft(respondentId: string, state: unknown, expectedVersion: number | null, now: Date): Promise<boolean>;
  deleteDraft(respondentId: string): Promise<void>;
}
