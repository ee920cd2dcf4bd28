import { errorFields } from "../../log.ts";
import { lastFullPeriod, type Period } from "../../reports/periods.ts";
import { computeSummary } from "../../reports/summary.ts";
import type { Service, Store } from "../../store/ports.ts";
import { type AuditWho, recordAudit } from "../privacy/audit.ts";
import { nextFire, parseCron } from "./cron.ts";
import { type DeliveryDeps, FILE_TTL_MS, queueSummary, type SummaryRecipient } from "./delivery.ts";

export {
  type Attachments,
  FILE_TTL_MS,
  type SummaryAttachment,
  type SummaryDelivery,
  type SummaryRenderer,
  type SummaryRenderers,
} from "./delivery.ts";

/** The job name in JobRun; the period key (`week:2026-W47`) tells the runs apart. */
export const SUMMARY_JOB = "summary";
/** A run started this long ago and never finished was cut short (a crash): it is run again. */
export const STALE_RUN_MS = 15 * 60_000;
/** Scheduled summaries go after replies to people who are waiting; asked-for ones do not. */
export const SCHEDULED_PRIORITY = 1;
export const ASKED_PRIORITY = 0;

export type SummaryDeps = Omit<DeliveryDeps, "fileTtlMs"> & {
  timeZone: string;
  minCell: number;
  /** SUMMARY_WEEKLY_CRON and SUMMARY_MONTHLY_CRON, in `timeZone`. */
  weeklyCron: string;
  monthlyCron: string;
  fileTtlMs?: number;
  staleRunMs?: number;
  /** Tells the outbox drainer there is something to send. */
  onQueued?: () => void;
};

export type DueRun = {
  kind: "week" | "month";
  periodKey: string;
  outcome: "not-due" | "done" | "no-recipients" | "sent";
  recipients: number;
};

export type Summaries = {
  /**
   * Sends the last full week's and month's summaries to the directorate if their time has come
   * and nobody has sent them: node-cron calls it at the scheduled times and once at start-up
   * (to catch up after downtime), Workers' Cron Trigger every five minutes. Idempotent.
   */
  runDue(now: Date): Promise<DueRun[]>;
  /** Queues a summary to one person (`/summary`); `id` names the request, so a redelivery queues it once. */
  sendTo(recipient: SummaryRecipient, request: SummaryRequest, id: string): Promise<number>;
  /** Queues a summary to every directorate member (`glas summary --send`); returns how many. */
  sendToDirectorate(request: SummaryRequest, id: string): Promise<number>;
  /** Deletes files whose links have expired. */
  purgeFiles(now: Date): Promise<number>;
  readonly timeZone: string;
};

export type SummaryRequest = { period: Period; previous?: Period; service?: Service | null };

/**
 * The directorate's summaries: scheduled, asked for in the chat, or sent from the command line.
 * @example const summaries = createSummaries({ store, log, t, ... }); await summaries.runDue(new Date());
 */
export function createSummaries(deps: SummaryDeps): Summaries {
  const delivery: DeliveryDeps = { ...deps, fileTtlMs: deps.fileTtlMs ?? FILE_TTL_MS };
  const schedules = { week: parseCron(deps.weeklyCron), month: parseCron(deps.monthlyCron) };
  const staleRunMs = deps.staleRunMs ?? STALE_RUN_MS;

  const figures = (request: SummaryRequest) =>
    computeSummary(deps.store, {
      period: request.period,
      minCell: deps.minCell,
      ...(request.previous ? { previous: request.previous } : {}),
      ...(request.service ? { service: request.service } : {}),
    });

  async function runOne(kind: "week" | "month", now: Date): Promise<DueRun> {
    // Only the latest full period: a server down for a month sends that month, not a backlog.
    const period = lastFullPeriod(kind, now, deps.timeZone);
    const base = { kind, periodKey: period.key, recipients: 0 };
    const due = nextFire(schedules[kind], period.end, deps.timeZone);
    if (!due || due > now) return { ...base, outcome: "not-due" };
    const recipients = (await deps.store.jobs.directorate()).map((m) => ({ ...m }));
    // Nobody to send to: nothing is claimed, so someone who joins later still gets it.
    if (recipients.length === 0) return { ...base, outcome: "no-recipients" };
    const claimed = await deps.store.jobs.claim(SUMMARY_JOB, period.key, now, new Date(now.getTime() - staleRunMs));
    if (!claimed) return { ...base, outcome: "done" };
    const summary = await figures({ period });
    await auditSent(deps.store, recipients, "schedule", { period }, now);
    const reached = await queueSummary(delivery, summary, recipients, {
      key: (who, part) => `summary:${period.key}:${who}:${part}`,
      priority: SCHEDULED_PRIORITY,
    });
    await deps.store.jobs.finish(SUMMARY_JOB, period.key, new Date());
    deps.log.info({ job: SUMMARY_JOB, period: period.key, recipients: reached }, "summary queued");
    deps.onQueued?.();
    return { ...base, outcome: "sent", recipients: reached };
  }

  return {
    timeZone: deps.timeZone,
    async runDue(now) {
      const runs: DueRun[] = [];
      for (const kind of ["week", "month"] as const) {
        try {
          runs.push(await runOne(kind, now));
        } catch (err) {
          // The run stays claimed and unfinished: it is taken up again once it is stale.
          deps.log.error({ job: SUMMARY_JOB, kind, ...errorFields(err) }, "summary run failed");
        }
      }
      return runs;
    },

    async sendTo(recipient, request, id) {
      const summary = await figures(request);
      const reached = await queueSummary(delivery, summary, [recipient], {
        key: (who, part) => `summary-ask:${id}:${who}:${part}`,
        priority: ASKED_PRIORITY,
      });
      deps.onQueued?.();
      return reached;
    },

    async sendToDirectorate(request, id) {
      const recipients = await deps.store.jobs.directorate();
      if (recipients.length === 0) return 0;
      const summary = await figures(request);
      await auditSent(deps.store, recipients, "operator", request, new Date());
      const reached = await queueSummary(delivery, summary, recipients, {
        key: (who, part) => `summary-send:${id}:${who}:${part}`,
        priority: SCHEDULED_PRIORITY,
      });
      deps.onQueued?.();
      return reached;
    },

    async purgeFiles(now) {
      const purged = await deps.store.files.purgeExpired(now);
      if (purged > 0) deps.log.info({ job: "purge-files", purged }, "expired files deleted");
      return purged;
    },
  };
}

/** One audit entry per directorate member a summary goes to, unasked (on schedule or from the command line). */
async function auditSent(
  store: Store,
  recipients: { staffId: string }[],
  actor: AuditWho["actor"],
  request: SummaryRequest,
  at: Date,
): Promise<void> {
  const scope = {
    service: request.service?.code ?? null,
    locality: request.service?.locality ?? null,
    period: request.period.key,
  };
  for (const r of recipients)
    await recordAudit(store, { actor, staffId: r.staffId, role: "directorate" }, "summary.sent", scope, at);
}
