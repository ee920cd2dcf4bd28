import { serve } from "@hono/node-server";
import { startPolling } from "./channels/telegram/polling.ts";
import { createChannelDrainer, createChannels } from "./channels/wiring.ts";
import type { Context } from "./cli/context.ts";
import { createApp } from "./http/app.ts";
import { scheduleJobs } from "./schedules.ts";
import { purgeAbandonedSessions } from "./usecases/housekeeping.ts";

export type RunningServer = { port: number; close(): Promise<void> };

/** Node entry point: wiring only. The CLI's `serve` (npm start) opens the context first. */
export async function startServer(ctx: Context, port = ctx.config.PORT): Promise<RunningServer> {
  const { config, store, log } = ctx;
  let wake = () => {};
  const channels = createChannels({ config, store, respond: ctx.respondDeps, t: ctx.t, log, wake: () => wake() });
  const drainer = createChannelDrainer({ store, channels, log });
  wake = () => drainer.wake();
  const stopDraining = new AbortController();
  const draining = drainer.run(stopDraining.signal);

  const polling =
    channels.telegram && config.TELEGRAM_MODE === "polling" && config.TELEGRAM_BOT_TOKEN
      ? await startPolling(channels.telegram, { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, log })
      : null;

  const app = createApp({ log, pingDatabase: () => store.ping(), channels: channels.status, routes: channels.routes });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const purge = (now: Date) => purgeAbandonedSessions(store, log, now);
  await purge(new Date());
  const jobs = scheduleJobs([{ name: "purge-sessions", cron: "17 * * * *", run: purge }], config.TIMEZONE, log);
  return {
    port: bound,
    close: async () => {
      jobs.stop();
      await polling?.stop();
      stopDraining.abort();
      await draining;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
