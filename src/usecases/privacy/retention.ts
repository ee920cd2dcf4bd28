import { SESSION_TTL_MS } from "../../engine/state.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/ports.ts";
import type { TextQuestions } from "../../store/privacy-ports.ts";
import {
  ABANDONED_DRAFT_DAYS,
  AUDIT_DAYS,
  ago,
  dayCutoff,
  PROCESSED_UPDATE_DAYS,
  type RetentionPolicy,
  SETTLED_OUTBOX_DAYS,
} from "./policy.ts";

/** A consultation's messages (`consult:<id>:<respondent>`) keep their delivery counts when purged. */
export const TALLIED_OUTBOX_PREFIXES = ["consult:"] as const;
const INACTIVE_PER_ROUND = 200;

type RuleContext = { store: Store; policy: RetentionPolicy; now: Date };

/** One kind of data that goes after a while; `glas purge` prints `label` beside what it removed. */
export type RetentionRule = { kind: string; label(policy: RetentionPolicy): string; run(ctx: RuleContext): Promise<number> };

async function textQuestions(store: Store): Promise<TextQuestions[]> {
  return (await store.reports.surveyVersions())
    .map((v) => ({
      surveyVersionId: v.versionId,
      questions: v.definition.questions.filter((q) => q.type === "text").map((q) => q.name),
    }))
    .filter((v) => v.questions.length > 0);
}

/** Erases, as /forget does, everyone whose last day of activity is older than the policy allows. */
async function eraseInactive({ store, policy, now }: RuleContext): Promise<number> {
  const before = dayCutoff(now, policy.inactiveDays, policy.timeZone);
  const erased = new Set<string>();
  for (;;) {
    const ids = (await store.retention.inactiveRespondents(before, INACTIVE_PER_ROUND)).filter((id) => !erased.has(id));
    for (const id of ids) {
      await store.respondents.forget(id);
      erased.add(id);
    }
    if (ids.length < INACTIVE_PER_ROUND) return erased.size;
  }
}

/**
 * In this order: people first (erasing them takes their messages), then each kind by age.
 * Counts come from responses, never from comments, so figures of closed periods stay the same.
 * The feedback messages, once they exist, add their own rule here.
 */
export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    kind: "comments",
    label: (p) => `typed survey comments older than ${p.commentDays} days`,
    run: async ({ store, policy, now }) =>
      store.retention.purgeTextAnswers(await textQuestions(store), dayCutoff(now, policy.commentDays, policy.timeZone)),
  },
  {
    kind: "replies",
    label: (p) => `typed consultation replies older than ${p.commentDays} days (the reply stays counted)`,
    run: ({ store, policy, now }) => store.retention.eraseReplyTexts(dayCutoff(now, policy.commentDays, policy.timeZone)),
  },
  {
    kind: "inactive",
    label: (p) => `people inactive for ${p.inactiveDays} days, erased as by /forget`,
    run: eraseInactive,
  },
  {
    kind: "updates",
    label: () => `processed update ids older than ${PROCESSED_UPDATE_DAYS} days`,
    run: ({ store, now }) => store.retention.purgeProcessedUpdates(ago(now, PROCESSED_UPDATE_DAYS)),
  },
  {
    kind: "outbox",
    label: () => `sent or failed messages older than ${SETTLED_OUTBOX_DAYS} days`,
    run: ({ store, now }) => store.retention.purgeSettledOutbox(ago(now, SETTLED_OUTBOX_DAYS), TALLIED_OUTBOX_PREFIXES),
  },
  { kind: "files", label: () => "expired summary files", run: ({ store, now }) => store.files.purgeExpired(now) },
  {
    kind: "drafts",
    label: () => `consultation drafts abandoned for ${ABANDONED_DRAFT_DAYS} days`,
    run: ({ store, now }) => store.retention.purgeDrafts(ago(now, ABANDONED_DRAFT_DAYS)),
  },
  {
    kind: "sessions",
    label: () => "unfinished surveys abandoned past their expiry",
    run: ({ store, now }) => store.sessions.deleteIdleSince(new Date(now.getTime() - SESSION_TTL_MS)),
  },
  {
    kind: "audit",
    label: () => `audit entries older than ${AUDIT_DAYS / 365} years`,
    run: ({ store, now }) => store.audit.purgeBefore(ago(now, AUDIT_DAYS)),
  },
];

export type Purged = { kind: string; label: string; removed: number }[];

/** Applies every rule once; returns what each removed. */
export async function applyRetention(store: Store, log: Logger, policy: RetentionPolicy, now: Date): Promise<Purged> {
  const purged: Purged = [];
  for (const rule of RETENTION_RULES) {
    purged.push({ kind: rule.kind, label: rule.label(policy), removed: await rule.run({ store, policy, now }) });
  }
  log.info({ job: "retention", ...Object.fromEntries(purged.map((p) => [p.kind, p.removed])) }, "retention applied");
  return purged;
}

export const RETENTION_JOB = "retention";
const STALE_RUN_MS = 60 * 60_000;

/**
 * The daily run of the housekeeping (which itself runs hourly on Node and every few minutes on
 * Workers): the first call of a UTC day claims it, so it runs once a day across processes.
 */
export async function dailyRetention(store: Store, log: Logger, policy: RetentionPolicy, now: Date): Promise<Purged | null> {
  const day = `day:${now.toISOString().slice(0, 10)}`;
  if (!(await store.jobs.claim(RETENTION_JOB, day, now, new Date(now.getTime() - STALE_RUN_MS)))) return null;
  const purged = await applyRetention(store, log, policy, now);
  await store.jobs.finish(RETENTION_JOB, day, new Date());
  return purged;
}
