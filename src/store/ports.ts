import type { SurveyDefinition } from "../engine/definition.ts";
import type { Locale } from "../engine/locale.ts";
import type { AnswerValue, SessionState } from "../engine/state.ts";
import type { AuditStore, PersonalDataStore, RetentionStore } from "./privacy-ports.ts";

export type RespondentStatus = "active" | "stopped" | "unreachable";

export type Respondent = {
  id: string;
  channel: string;
  platformId: string;
  locale: Locale | null;
  status: RespondentStatus;
  serviceId: string | null;
};

/**
 * The people who write to the bot: channel and platform id, language and status only.
 * @example const r = await respondents.upsert("telegram", "123456");
 */
export interface RespondentStore {
  upsert(channel: string, platformId: string): Promise<Respondent>;
  /** The person, if Glas has met them; never creates one. */
  find(channel: string, platformId: string): Promise<Respondent | null>;
  /** Dates are kept as the day only (consentAt included). */
  update(id: string, patch: Partial<Pick<Respondent, "locale" | "status" | "serviceId">> & { consentAt?: Date }): Promise<void>;
  /**
   * For membership events (blocked, unsubscribed, back): changes the status of someone Glas
   * knows and never creates anyone, so a person erased by /forget stays erased. False: unknown.
   */
  setStatus(channel: string, platformId: string, status: RespondentStatus): Promise<boolean>;
  /** Erases the person and everything linkable to them (consultation replies included); anonymous answers stay. */
  forget(id: string): Promise<void>;
}

export type StoredSurvey = {
  surveyId: string;
  versionId: string;
  version: number;
  definition: SurveyDefinition;
};

export interface SurveyStore {
  latest(slug: string): Promise<StoredSurvey | null>;
  version(slug: string, version: number): Promise<StoredSurvey | null>;
  /** Stores a definition; an unchanged one keeps its version, a changed one gets the next. */
  import(definition: SurveyDefinition): Promise<{ survey: StoredSurvey; created: boolean }>;
  list(): Promise<{ slug: string; version: number; title: string; questions: number }[]>;
}

export type Service = {
  id: string;
  code: string;
  name: string;
  locality: string | null;
  localityId: string | null;
  surveySlug: string | null;
};

export interface ServiceStore {
  byCode(code: string): Promise<Service | null>;
  byId(id: string): Promise<Service | null>;
  /** Adds a service (and its locality if new); throws `ConflictError` if the code exists. */
  add(input: { code: string; name: string; locality?: string | null; surveySlug?: string | null }): Promise<Service>;
  list(): Promise<Service[]>;
}

export type StoredSession = {
  id: string;
  respondentId: string;
  surveySlug: string;
  /** Assigned when the session starts; the response row is created with the first answer. */
  responseId: string;
  state: SessionState;
  version: number;
};

/** Sessions are saved only if nobody saved them since they were read (`expectedVersion`). */
export interface SessionStore {
  latestFor(respondentId: string): Promise<StoredSession | null>;
  find(respondentId: string, surveySlug: string): Promise<StoredSession | null>;
  /** Null when the person already has a session for this survey (a concurrent start won). */
  create(session: Omit<StoredSession, "id" | "version">): Promise<StoredSession | null>;
  save(id: string, state: SessionState, expectedVersion: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  /** Deletes sessions untouched since `before`; returns how many. */
  deleteIdleSince(before: Date): Promise<number>;
}

export type AnswerRow = {
  question: string;
  value: Exclude<AnswerValue, undefined>;
  number: number | null;
  indicator: string | null;
};

/** A completed questionnaire, as it is written: once, with its day and never a time of day. */
export type CompletedResponse = {
  /** Random; assigned when the session started, so writing it again changes nothing. */
  id: string;
  surveyVersionId: string;
  /** Null for an anonymous survey. */
  respondentId: string | null;
  serviceId: string | null;
  localityId: string | null;
  locale: Locale;
  /** The start of the local day (TIMEZONE) it was completed on. */
  day: Date;
  answers: AnswerRow[];
};

export interface ResponseStore {
  /**
   * Writes a completed response and its answers. Idempotent (ON CONFLICT DO NOTHING on the
   * response's id and on each answer's key), so writing it again repairs a write a crash cut short.
   */
  write(response: CompletedResponse): Promise<void>;
  /** The "already answered" mark, kept apart from the (possibly anonymous) answers: the day only. */
  markParticipation(respondentId: string, surveyId: string, at: Date): Promise<void>;
}

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
   * Sent and failed messages keep status, key and platform id; recipient, payload and the link
   * to the person are erased. Keys that name a person hold only its keyed hash (`Store.pseudonym`).
   */
  markSent(id: string, externalId: string | null, now: Date): Promise<void>;
  /** `markSent` for the messages of one batch call, in one statement. */
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

/** Which completed responses an export reads: one survey version, completed in [from, to). */
export type ExportFilter = { surveyVersionId: string; from?: Date; to?: Date; serviceId?: string };

/** Where a page ended: opaque to callers, never written out (it holds the response id). */
export type ExportCursor = { completedAt: string; id: string };

/** A completed response as exports show it: nothing that identifies the person. */
export type ExportedResponse = {
  completedAt: Date;
  service: string | null;
  locality: string | null;
  locale: string;
  answers: Record<string, AnswerValue>;
  cursor: ExportCursor;
};

/**
 * Completed responses page by page, in the order they were completed (keyset pagination,
 * so a page costs the same at the start and at the end of a million rows).
 * @example const page = await exports.page({ surveyVersionId }, null, 1000);
 */
export interface ExportStore {
  count(filter: ExportFilter): Promise<number>;
  page(filter: ExportFilter, after: ExportCursor | null, limit: number): Promise<ExportedResponse[]>;
}

/** Completed responses in [from, to), of one service or of all. */
export type ReportRange = { from: Date; to: Date; serviceId?: string | null };

/** How a question's answers count towards an indicator; see src/reports/indicators.ts. */
export type ScoredQuestion = {
  surveyVersionId: string;
  question: string;
  indicator: string;
  scale: "rating" | "yes_no" | "nps";
};

/** `responses`: distinct people who completed the survey version (not answers, not visits). */
export type ResponseCount = { surveyVersionId: string; serviceId: string | null; localityId: string | null; responses: number };

/**
 * Answers from one service and locality. `people`: distinct people who gave them; `positive`:
 * rating 4–5, yes, or NPS 9–10; `detractors`: NPS 0–6; `sum`: of the numeric answers (for a mean).
 */
export type AnswerCount = {
  serviceId: string | null;
  localityId: string | null;
  answers: number;
  people: number;
  positive: number;
  detractors: number;
  sum: number;
};

/** The answers to one indicator's questions. */
export type IndicatorCount = AnswerCount & { indicator: string };

export type ClosedConsultation = {
  id: string;
  /** JSON, as stored: `{ ro?, ru?, uk?, en? }`, and for choices an array of those. */
  text: string;
  choices: string | null;
  closedAt: Date;
  /** Replies per choice index (null for free text). */
  replies: { choice: number | null; count: number }[];
};

/**
 * The directorate's figures, aggregated in the database (GROUP BY), never row by row.
 * @example const counts = await reports.indicatorCounts({ from, to }, scored);
 */
export interface ReportStore {
  /** Every stored survey version, for the questions that carry indicators and each survey's minCell. */
  surveyVersions(): Promise<StoredSurvey[]>;
  responseCounts(range: ReportRange): Promise<ResponseCount[]>;
  indicatorCounts(range: ReportRange, scored: ScoredQuestion[]): Promise<IndicatorCount[]>;
  /** The answers to all the `scored` questions together (a person counted once however many they answered). */
  pooledCounts(range: ReportRange, scored: ScoredQuestion[]): Promise<AnswerCount[]>;
  /** Consultations closed in [from, to), with their replies counted by choice. */
  closedConsultations(range: { from: Date; to: Date }): Promise<ClosedConsultation[]>;
  localities(): Promise<{ id: string; name: string }[]>;
}

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

/** Bytes a message refers to (a chart, a workbook), reachable by an unguessable token until they expire. */
export type StoredFile = {
  id: string;
  token: string;
  contentType: string;
  filename: string;
  bytes: Uint8Array;
  expiresAt: Date;
};

export type NewStoredFile = Pick<StoredFile, "contentType" | "filename" | "bytes" | "expiresAt">;

/**
 * Files kept apart from the outbox so its rows stay small. An expired file reads as absent.
 * @example const { id, token } = await files.put({ contentType: "image/png", filename: "chart.png", bytes, expiresAt });
 */
export interface FileStore {
  /** Stores the bytes under a new id and a new token (32 random bytes, base64url). */
  put(file: NewStoredFile): Promise<Omit<StoredFile, "bytes">>;
  byId(id: string, now: Date): Promise<StoredFile | null>;
  byToken(token: string, now: Date): Promise<StoredFile | null>;
  /** Deletes expired files; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** A directorate member as scheduled summaries reach them. */
export type DirectorateMember = StaffContact & { staffId: string };

/**
 * Runs of scheduled jobs, one row per job and period, so a period is done once however many
 * processes try. The row is claimed with INSERT … ON CONFLICT DO NOTHING: only the inserter runs.
 * @example if (await jobs.claim("summary-week", "week:2026-W47", now, staleBefore)) { …; await jobs.finish(…) }
 */
export interface JobRunStore {
  /**
   * True when this caller may run (job, periodKey): it inserted the row, or took over a run
   * started before `staleBefore` and never finished (a crash). False: done, or running elsewhere.
   */
  claim(job: string, periodKey: string, now: Date, staleBefore: Date): Promise<boolean>;
  finish(job: string, periodKey: string, now: Date): Promise<void>;
  /** Staff with the directorate role, not revoked, in a messenger: who summaries go to. */
  directorate(): Promise<DirectorateMember[]>;
}

export type Store = {
  respondents: RespondentStore;
  surveys: SurveyStore;
  services: ServiceStore;
  sessions: SessionStore;
  responses: ResponseStore;
  outbox: OutboxStore;
  updates: ProcessedUpdateStore;
  staff: StaffStore;
  consultations: ConsultationStore;
  reports: ReportStore;
  exports: ExportStore;
  files: FileStore;
  jobs: JobRunStore;
  audit: AuditStore;
  retention: RetentionStore;
  /**
   * A keyed hash (HMAC, key outside the database) standing in for an id where a row must
   * recognise someone again without naming them: dedupe keys of queued messages.
   */
  pseudonym(id: string): Promise<string>;
  personal: PersonalDataStore;
  /** Cheap round trip for `/health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export class ConflictError extends Error {
  override name = "ConflictError";
}
