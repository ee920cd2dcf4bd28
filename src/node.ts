import { serve } from "@hono/node-server";
import type { Context } from "./cli/context.ts";
import { createApp } from "./http/app.ts";
import { scheduleJobs } from "./schedules.ts";
import { purgeAbandonedSessions } from "./usecases/housekeeping.ts";

export type RunningServer = { port: number; close(): Promise<void> };

/** Node entry point: wiring only. The CLI's `serve` (npm start) opens the context first. */
export async function startServer(ctx: Context, port = ctx.config.PORT): Promise<RunningServer> {
  const telegram = ctx.config.TELEGRAM_BOT_TOKEN ? "on" : "off";
  const viber = ctx.config.VIBER_AUTH_TOKEN ? "on" : "off";
  const app = createApp({ log: ctx.log, pingDatabase: () => ctx.store.ping(), channels: { telegram, viber } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const purge = (now: Date) => purgeAbandonedSessions(ctx.store, ctx.log, now);
  await purge(new Date());
  const jobs = scheduleJobs([{ name: "purge-sessions", cron: "17 * * * *", run: purge }], ctx.config.TIMEZONE, ctx.log);
  return {
    port: bound,
    close: async () => {
      jobs.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
