import { serve } from "@hono/node-server";
import { startPolling } from "./channels/telegram/polling.ts";
import { createChannelDrainer, createChannels, createConfiguredSummaries, createRenderers } from "./channels/wiring.ts";
import type { Context } from "./cli/context.ts";
import { createServedApp } from "./http/served.ts";
import { errorFields } from "./log.ts";
import type { SummaryBuilder } from "./reports/build.ts";
import { scheduleJobs } from "./schedules.ts";
import { createHousekeeping } from "./usecases/housekeeping.ts";
import { createConsultationJob } from "./usecases/staff/job.ts";
import type { Summaries } from "./usecases/summaries/index.ts";

export type RunningServer = { port: number; close(): Promise<void> };

/** Summaries on Node: text, chart (resvg) and workbook (exceljs), for the server and `glas summary --send`. */
export function createNodeSummaries(ctx: Context, onQueued?: () => void): Summaries {
  const { config, store, log, t } = ctx;
  // The chart and workbook libraries load when the first summary is drawn, not at start.
  let builder: Promise<SummaryBuilder> | null = null;
  const load = () => {
    builder ??= import("./reports/build.node.ts").then((m) =>
      m.createNodeSummaryBuilder({ store, t, minCell: config.MIN_CELL, timeZone: config.TIMEZONE }),
    );
    return builder;
  };
  return createConfiguredSummaries({
    config,
    store,
    log,
    t,
    attachments: async (summary, locale) => {
      const { chartPng, workbook } = await (await load()).render(summary, locale);
      return { chartPng, workbook };
    },
    ...(onQueued ? { onQueued } : {}),
  });
}

/** Node entry point: wiring only. The CLI's `serve` (npm start) opens the context first. */
export async function startServer(ctx: Context, port = ctx.config.PORT): Promise<RunningServer> {
  const { config, store, log } = ctx;
  let wake = () => {};
  const summaries = createNodeSummaries(ctx, () => wake());
  const respond = { ...ctx.respondDeps, summaries };
  const channels = createChannels({ config, store, respond, t: ctx.t, log, wake: () => wake() });
  const drainer = createChannelDrainer({ store, channels, log });
  wake = () => drainer.wake();
  const stopDraining = new AbortController();
  const draining = drainer.run(stopDraining.signal);
  // Broadcasts: outbox rows for confirmed consultations, and their progress messages.
  const consultations = createConsultationJob({
    store,
    renderers: createRenderers(ctx.t),
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    onQueued: () => drainer.wake(),
  });
  const consulting = consultations.run(stopDraining.signal);

  const polling =
    channels.telegram && config.TELEGRAM_MODE === "polling" && config.TELEGRAM_BOT_TOKEN
      ? await startPolling(channels.telegram, { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, log })
      : null;

  const app = createServedApp({ config, store, log, channels, wakeConsultations: () => consultations.wake() });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const purge = createHousekeeping(store, log, summaries);
  await purge(new Date());
  const sendDue = (now: Date) => summaries.runDue(now);
  const jobs = scheduleJobs(
    [
      { name: "purge-sessions", cron: "17 * * * *", run: purge },
      { name: "summary-weekly", cron: config.SUMMARY_WEEKLY_CRON, run: sendDue },
      { name: "summary-monthly", cron: config.SUMMARY_MONTHLY_CRON, run: sendDue },
      // A run that failed (or was cut short) is taken up again; when nothing is due this is two lookups.
      { name: "summary-retry", cron: "*/15 * * * *", run: sendDue },
    ],
    config.TIMEZONE,
    log,
  );
  // A server that was down at the scheduled time sends the latest missed summaries now.
  const catchingUp = sendDue(new Date()).catch((err: unknown) => log.error(errorFields(err), "summary catch-up failed"));
  return {
    port: bound,
    close: async () => {
      jobs.stop();
      await catchingUp;
      await polling?.stop();
      stopDraining.abort();
      await draining;
      await consulting;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
