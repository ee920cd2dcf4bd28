import type { Locale } from "../../engine/locale.ts";

export const FEEDBACK_KINDS = ["question", "suggestion", "complaint", "thanks", "sensitive"] as const;
/** `sensitive`: abuse, violence or exploitation; only focal points see it. */
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
/** Who handles an item: the social workers of its service, the directorate, or the focal points. */
export type FeedbackRoute = "service" | "directorate" | "focal_point";
export type FeedbackStatus = "open" | "answered" | "closed";

/** An item as staff see it: never a name, a platform id or a link to the person. */
export type FeedbackItem = {
  id: string;
  ref: string;
  kind: FeedbackKind;
  serviceId: string | null;
  routedTo: FeedbackRoute;
  status: FeedbackStatus;
  createdAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
  remindedOn: string | null;
};

export type FeedbackAuthor = "person" | "staff";

export type FeedbackMessage = {
  seq: number;
  author: FeedbackAuthor;
  staffId: string | null;
  /** Null once erased (retention, or /forget while the thread was open). */
  text: string | null;
  createdAt: Date;
};

/** The way back to the person, while the thread is open. */
export type FeedbackLink = { respondentId: string; contact: string | null };

/** Where the relay reaches the person (never shown to staff). */
export type FeedbackRelay = FeedbackLink & { channel: string; platformId: string; locale: Locale | null };

export type NewFeedback = Pick<FeedbackItem, "id" | "ref" | "kind" | "serviceId" | "routedTo" | "createdAt" | "dueAt">;

/** Someone an item is sent to: a staff member in a messenger. */
export type FeedbackHandler = {
  staffId: string;
  respondentId: string;
  channel: string;
  platformId: string;
  locale: Locale | null;
  role: string;
  serviceId: string | null;
  localityId: string | null;
};

/** Which open items a staff member sees: their routes, and for `service` only these services (null: all). */
export type FeedbackScope = { routes: FeedbackRoute[]; serviceIds: string[] | null };

/** One item's figures for the summary: nothing but kind and times. */
export type FeedbackFact = Pick<FeedbackItem, "kind" | "createdAt" | "dueAt" | "answeredAt">;

export type StoredFeedbackDraft = { state: unknown; version: number };

/**
 * Feedback items, their threads, the relay back to the person while a thread is open, and the
 * conversations in progress. No transactions: a reference is unique (a clash is retried with
 * another), a thread's messages are unique by sequence, and state changes are conditional.
 * @example if (await feedback.create(item, text, { respondentId, contact: null })) notify(item);
 */
export interface FeedbackStore {
  /** Stores the item, its first message and the link; false when the reference is taken. */
  create(item: NewFeedback, text: string, link: FeedbackLink): Promise<boolean>;
  byRef(ref: string): Promise<FeedbackItem | null>;
  messages(feedbackId: string): Promise<FeedbackMessage[]>;
  /** Appends to the thread; returns the message's sequence number. */
  addMessage(
    feedbackId: string,
    message: { author: FeedbackAuthor; staffId: string | null; text: string; at: Date },
  ): Promise<number>;
  /** The way back to the person; null once the thread is closed (or they were forgotten). */
  relay(feedbackId: string): Promise<FeedbackRelay | null>;
  /** The first reply sets answeredAt; the status becomes answered unless closed. */
  markAnswered(id: string, at: Date): Promise<void>;
  /** Closes it and drops the link; false when it was closed already. */
  close(id: string, at: Date): Promise<boolean>;
  /** Hands it to another route (Pass to the directorate); false when closed or already there. */
  reroute(id: string, from: FeedbackRoute, to: FeedbackRoute): Promise<boolean>;
  /** The person's items whose thread is still open (newest first). */
  openFor(respondentId: string): Promise<FeedbackItem[]>;
  /** Open and answered items a scope sees, oldest due first. */
  inScope(scope: FeedbackScope, limit: number): Promise<FeedbackItem[]>;
  /** Items still unanswered after their due time, not yet reminded on `day`. */
  overdue(now: Date, day: string): Promise<FeedbackItem[]>;
  /** Marks the item reminded on `day`; false when another run did it first. */
  markReminded(id: string, day: string): Promise<boolean>;
  /** Staff who receive items: not revoked, in a messenger. */
  handlers(): Promise<FeedbackHandler[]>;
  /** Items received in [from, to), for the summary. */
  facts(range: { from: Date; to: Date }): Promise<FeedbackFact[]>;
  /** Staff-side records, newest first, with their threads' texts; nothing about the person. */
  list(filter: { from?: Date; to?: Date; status?: FeedbackStatus }): Promise<(FeedbackItem & { messages: FeedbackMessage[] })[]>;
  /** Retention: erases thread texts written before `before`; returns how many. */
  eraseTextsBefore(before: Date): Promise<number>;
  /** Deletes conversations left alone since before `before` (what they held was never sent). */
  purgeDrafts(before: Date): Promise<number>;
  draft(respondentId: string): Promise<StoredFeedbackDraft | null>;
  /** Creates (expectedVersion null, replacing any) or saves if unchanged since read; false when it lost a race. */
  saveDraft(respondentId: string, state: unknown, expectedVersion: number | null, now: Date): Promise<boolean>;
  deleteDraft(respondentId: string): Promise<void>;
}
