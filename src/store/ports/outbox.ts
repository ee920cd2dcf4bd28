/* Messages to send, and the updates already received. */

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "delivered" | "seen";

/** What a platform reports about a message after it was sent. */
export type DeliveryReceipt = "delivered" | "seen" | "failed";

export type NewOutboxMessage = {
  channel: string;
  recipient: string;
  respondentId: string | null;
  /** Channel-rendered payload, stored as JSON. */
  payload: unknown;
  /** 0 = a reply to someone who is waiting; higher = bulk (broadcasts, summaries). */
  priority: number;
  /** Unique: a message with a key already queued is not queued again. */
  dedupeKey: string;
  notBefore?: Date;
};

export type OutboxMessage = NewOutboxMessage & { id: string; attempts: number; notBefore: Date };

/** A message the platform took: the claim it went out under (its id and attempts, as claimed), and the platform's answer. */
export type SentMark = { id: string; attempts: number; externalId: string | null; sentAt: Date };

/**
 * Every message leaving the system. Ids sort in the order messages were queued, and a
 * recipient's messages are claimed one at a time in that order.
 */
export interface OutboxStore {
  /** Inserts, skipping any whose dedupe key exists (ON CONFLICT DO NOTHING); returns how many were new. */
  enqueue(messages: NewOutboxMessage[]): Promise<number>;
  /**
   * Leases up to `limit` due messages: pending ones whose time has come, and sending ones
   * whose lease expired (a killed process's). At most one per recipient, its oldest.
   */
  /** `batched`: channels whose bulk messages' first try is left to `claimBatch`. */
  claim(now: Date, limit: number, leaseMs: number, options?: { batched?: readonly string[] }): Promise<OutboxMessage[]>;
  /**
   * Leases up to `limit` due bulk messages of one channel, never tried yet, all with the same
   * payload (that of the oldest such message): one platform call can send them together.
   * Each is its chat's next message, as `claim` would take it.
   */
  claimBatch(channel: string, now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /**
   * Marks messages sent one by one, in one statement: each row only if it is still being sent
   * under the claim it went out under (its `attempts` unchanged), never one another drainer has
   * claimed since. Returns how many it marked; a repeat marks none. Sent and failed messages keep
   * status, key and platform id; recipient, payload and the link to the person are erased. Keys
   * that name a person hold only its keyed hash (`Store.pseudonym`).
   */
  markSentEach(marks: readonly SentMark[]): Promise<number>;
  /** Marks sent, in one statement, the messages of one batch call. */
  markBatchSent(ids: readonly string[], externalId: string | null, now: Date): Promise<void>;
  /** Back to pending until `notBefore`, keeping the reason. */
  /** `notTried`: the message was handed back without being sent, so the attempt is given back. */
  reschedule(id: string, notBefore: Date, reason: string, options?: { notTried?: boolean }): Promise<void>;
  markFailed(id: string, reason: string): Promise<void>;
  /**
   * A platform's receipt for a sent message, found by channel and the platform's message id.
   * Never moves a status backwards: delivered only after sent, seen after sent or delivered,
   * failed only after sent (a late "delivered" leaves a seen message seen). True if it changed.
   */
  markDelivery(channel: string, externalId: string, status: DeliveryReceipt): Promise<boolean>;
  /** Counts by status of the messages whose dedupe key starts with `prefix`. */
  countByStatus(prefix: string): Promise<Partial<Record<OutboxStatus, number>>>;
}

/**
 * Inbound updates already handled, by channel and the platform's id for the update (never
 * the update itself nor who sent it), so a redelivery changes nothing and sends nothing.
 */
export interface ProcessedUpdateStore {
  seen(channel: string, externalId: string): Promise<boolean>;
  /** Idempotent (ON CONFLICT DO NOTHING). */
  mark(channel: string, externalId: string): Promise<void>;
}
