import type { Hono } from "hono";
import { broadcastRenderers, CHANNELS, summaryRenderers } from "./channels/registry.ts";
import type { Channel, ChannelStatus, HttpFetch, Identities, MessengerName } from "./channels/types.ts";
import type { Config } from "./config.ts";
import { createApp } from "./http/app.ts";
import { lazyRoutes } from "./http/lazy.ts";
import { createTranslate, type Translate } from "./i18n/index.ts";
import type { Logger } from "./log.ts";
import { createDrainer, type Drainer } from "./outbox/drain.ts";
import type { SendGate } from "./outbox/gate.ts";
import { csvStream } from "./reports/export-csv.ts";
import type { Store } from "./store/ports.ts";
import { type FeedbackOptions, remindOverdue } from "./usecases/feedback/index.ts";
import { createHousekeeping } from "./usecases/housekeeping.ts";
import { createLocalOperations, type LocalOperationsDeps } from "./usecases/operations/local.ts";
import { OperationError, type Operations } from "./usecases/operations/ports.ts";
import { ADMIN_API } from "./usecases/privacy/audit.ts";
import { retentionPolicy } from "./usecases/privacy/policy.ts";
import { createReceive, type Receive } from "./usecases/receive.ts";
import { type RespondDeps, respondDepsFor } from "./usecases/respond.ts";
import { type ConsultationJob, createConsultationJob } from "./usecases/staff/job.ts";
import { type Attachments, createSummaries, type Summaries } from "./usecases/summaries/index.ts";
import { DEFAULT_SURVEY } from "./usecases/surveys.ts";
import { createMarkUnreachable } from "./usecases/unreachable.ts";
import { createWebRoutes } from "./web/index.ts";

/** Where no .xlsx writer is given (tests): CSV streams anywhere; Node and Workers give their own (export.node.ts, export-xlsx.ts). */
const csvOnly: LocalOperationsDeps["exportFile"] = async (table, format, _sheetName, onRow) => {
  if (format !== "csv")
    throw new OperationError("unavailable", `${format} exports are not written by this deployment; ask for csv`);
  return csvStream(table, onRow);
};

/** A job the runtime runs on a schedule (node-cron on Node; Cron Triggers call them on Workers). */
export type ScheduledJob = { name: string; cron: string; run(now: Date): Promise<unknown> };

export type ComposeOptions = {
  config: Config;
  /** The runtime's store: better-sqlite3 on Node, D1 on Workers. */
  store: Store;
  log: Logger;
  /** Draws a summary's chart and workbook (Node: resvg-js; Workers: resvg-wasm; exceljs on both); null: summaries are text. */
  attachments: Attachments | null;
  /** The clock inbound events are stamped with, and the admin API's (tests); the real one otherwise. */
  now?: () => Date;
  /** The outbox lease (tests shorten it). */
  leaseMs?: number;
  /** Bot identities already known (Workers keep Telegram's between requests). */
  identities?: Identities;
  /** Writes an answer table as a file (Node: streamed; Workers: .xlsx in memory); by default CSV only. */
  exportFile?: LocalOperationsDeps["exportFile"];
  /** Where the sending rate and a 429's pause are kept (Workers: shared by every invocation); by default in the drainer. */
  gate?: SendGate;
  /** The messengers' HTTP client (Node: `createNodeFetch`); the runtime's fetch by default. */
  fetch?: HttpFetch;
  /** Told whenever something is queued to send or a broadcast is started (Workers drain only then). */
  onWake?: () => void;
};

/** The whole Glas, from its configuration: what Node, Workers and the CLI run. */
export type Glas = {
  config: Config;
  store: Store;
  log: Logger;
  t: Translate;
  respond: RespondDeps;
  /** The one way in for every messenger's updates. */
  receive: Receive;
  /** The messengers that are on. */
  channels: Channel[];
  app: Hono;
  drainer: Drainer;
  consultations: ConsultationJob;
  summaries: Summaries;
  /** The operator's commands on this deployment (what the admin API serves). */
  operations: Operations;
  /** The hourly clean-up: abandoned sessions, expired files, retention; and overdue feedback reminded. */
  housekeeping(now: Date): Promise<void>;
  jobs: ScheduledJob[];
};

/**
 * Configuration → store, channels, use cases, app, drainer and jobs, the same on every
 * runtime. What differs (the database driver, the logger, drawing charts, how the drainer and
 * the jobs are run) is given by, or left to, the entry points.
 * @example const glas = composeGlas({ config, store, log, attachments: null }); export default { fetch: glas.app.fetch };
 */
export function composeGlas(options: ComposeOptions): Glas {
  const { config, store, log } = options;
  const t = createTranslate(config.DEFAULT_LOCALE);
  // Queuing wakes the drainer; the drainer exists only once the channels do.
  let drainer: Drainer | null = null;
  const wake = () => {
    drainer?.wake();
    options.onWake?.();
  };

  const summaries = createSummaries({
    store,
    log,
    t,
    defaultLocale: config.DEFAULT_LOCALE,
    timeZone: config.TIMEZONE,
    minCell: config.MIN_CELL,
    weeklyCron: config.SUMMARY_WEEKLY_CRON,
    monthlyCron: config.SUMMARY_MONTHLY_CRON,
    renderers: summaryRenderers(t, config.PUBLIC_URL ?? null),
    attachments: options.attachments,
    onQueued: wake,
  });
  // Feedback reaches staff, and the people it answers, in their own messengers.
  const feedback: FeedbackOptions = {
    responseDays: config.FEEDBACK_RESPONSE_DAYS,
    timezone: config.TIMEZONE,
    defaultLocale: config.DEFAULT_LOCALE,
    renderers: broadcastRenderers(t, config.PUBLIC_URL ?? null),
  };
  const respond: RespondDeps = { ...respondDepsFor(config, store, log, DEFAULT_SURVEY), summaries, feedback };
  const receive = createReceive({ store, respond, log, wake });

  const channels = CHANNELS.flatMap((definition) => {
    const channel = definition.create({
      config,
      receive,
      files: store.files,
      t,
      log,
      ...(options.now ? { now: options.now } : {}),
      ...(options.identities ? { identities: options.identities } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return channel ? [channel] : [];
  });
  drainer = createDrainer({
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.gate ? { gate: options.gate } : {}),
    outbox: store.outbox,
    senders: Object.fromEntries(channels.map((c) => [c.name, c.sender])),
    limits: Object.fromEntries(channels.map((c) => [c.name, c.limits])),
    log,
    now: () => new Date(),
    onStopped: createMarkUnreachable({ respondents: store.respondents, log }),
  });

  // Broadcasts: outbox rows for confirmed consultations, and their progress messages. Every
  // messenger's renderer, on or off: a broadcast's rows wait for their channel.
  const consultations = createConsultationJob({
    store,
    renderers: broadcastRenderers(t, config.PUBLIC_URL ?? null),
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    onQueued: wake,
  });

  const operations = createLocalOperations({
    store,
    t,
    timeZone: config.TIMEZONE,
    minCell: config.MIN_CELL,
    defaultLocale: config.DEFAULT_LOCALE,
    attachments: options.attachments,
    sendToDirectorate: (request, id) => summaries.sendToDirectorate(request, id),
    exportFile: options.exportFile ?? csvOnly,
    who: ADMIN_API,
    closedPeriodsOnly: true,
    ...(options.now ? { now: options.now } : {}),
  });

  const status = Object.fromEntries(
    CHANNELS.map((c) => [c.name, channels.some((on) => on.name === c.name) ? "on" : "off"]),
  ) as Record<MessengerName, ChannelStatus>;
  // The dashboard's workbook is the summary's: drawn where the runtime draws attachments.
  const attachments = options.attachments;
  const web = createWebRoutes({
    store,
    t,
    log,
    minCell: config.MIN_CELL,
    timeZone: config.TIMEZONE,
    defaultLocale: config.DEFAULT_LOCALE,
    publicUrl: config.PUBLIC_URL ?? null,
    publicResults: config.PUBLIC_RESULTS,
    workbook: attachments ? async (summary, locale) => (await attachments(summary, locale)).workbook : null,
  });
  const app = createApp({
    log,
    pingDatabase: () => store.ping(),
    channels: status,
    routes: [...channels.flatMap((c) => (c.routes ? [c.routes] : [])), web],
    // Loaded with the first API request: the server answers before it reads the API's schemas.
    api: config.ADMIN_TOKEN
      ? lazyRoutes("/api", async () => {
          const { createAdminApi } = await import("./http/api/index.ts");
          const api = createAdminApi({
            token: config.ADMIN_TOKEN,
            store,
            log,
            defaultLocale: config.DEFAULT_LOCALE,
            timezone: config.TIMEZONE,
            minCell: config.MIN_CELL,
            wake: () => {
              consultations.wake();
              options.onWake?.();
            },
            operations,
            ...(options.now ? { now: options.now } : {}),
          });
          if (!api) throw new Error("the admin API needs ADMIN_TOKEN");
          return api;
        })
      : null,
    files: store.files,
  });

  const cleanUp = createHousekeeping(store, log, summaries, retentionPolicy(config));
  // Hourly, so the first hour outside quiet hours reminds staff of overdue feedback (once a day).
  const housekeeping = async (now: Date) => {
    await cleanUp(now);
    if ((await remindOverdue({ store, log, options: feedback }, now)) > 0) wake();
  };
  const sendDue = (now: Date) => summaries.runDue(now);
  const jobs: ScheduledJob[] = [
    { name: "purge-sessions", cron: "17 * * * *", run: housekeeping },
    { name: "summary-weekly", cron: config.SUMMARY_WEEKLY_CRON, run: sendDue },
    { name: "summary-monthly", cron: config.SUMMARY_MONTHLY_CRON, run: sendDue },
    // A run that failed (or was cut short) is taken up again; when nothing is due this is two lookups.
    { name: "summary-retry", cron: "*/15 * * * *", run: sendDue },
  ];

  return {
    config,
    store,
    log,
    t,
    respond,
    receive,
    channels,
    app,
    drainer,
    consultations,
    summaries,
    operations,
    housekeeping,
    jobs,
  };
}
