import { serve } from "@hono/node-server";
import type { Glas } from "./compose.ts";
import { errorFields } from "./log.ts";
import { warnWithoutFocalPoint } from "./usecases/feedback/index.ts";

/**
 * Start-up chores wait this long, so that a restarted server answers its health check and
 * webhooks at once rather than after the clean-up (which loads Prisma's query compiler).
 */
export const STARTUP_CHORES_DELAY_MS = 1_500;

export type RunningServer = { port: number; close(): Promise<void> };

/**
 * Runs a composed Glas on Node: the HTTP server, the outbox drainer and the consultation job
 * as loops, the jobs on node-cron, and Telegram long polling when configured. What Workers
 * does with `fetch`, `waitUntil` and Cron Triggers instead.
 */
export async function serveNode(glas: Glas, port = glas.config.PORT): Promise<RunningServer> {
  const { config, log } = glas;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: glas.app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const stopLoops = new AbortController();
  const draining = glas.drainer.run(stopLoops.signal);
  const consulting = glas.consultations.run(stopLoops.signal);
  const polls = await Promise.all(glas.channels.flatMap((c) => (c.poll ? [c.poll()] : [])));

  let jobs: { stop(): void } | null = null;
  let closing = false;
  let chores: Promise<void> = Promise.resolve();
  const startChores = setTimeout(() => {
    // node-cron loads here too: nothing before the first answer needs it.
    chores = import("./schedules.ts")
      .then(({ scheduleJobs }) => {
        if (closing) return;
        jobs = scheduleJobs(glas.jobs, config.TIMEZONE, log);
        return startupChores(glas);
      })
      .catch((err: unknown) => log.error(errorFields(err), "scheduling the jobs failed"));
  }, STARTUP_CHORES_DELAY_MS);
  return {
    port: bound,
    close: async () => {
      closing = true;
      clearTimeout(startChores);
      jobs?.stop();
      await chores;
      for (const poll of polls) await poll.stop();
      stopLoops.abort();
      await draining;
      await consulting;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Once the server answers: a warning when no focal point reads sensitive messages, the hourly
 * clean-up, and the latest summaries a server that was down at the scheduled time missed.
 */
async function startupChores(glas: Glas): Promise<void> {
  const { log } = glas;
  const chore = (what: string, run: () => Promise<unknown>) =>
    run().catch((err: unknown) => log.error(errorFields(err), `${what} failed`));
  await chore("focal point check", () => warnWithoutFocalPoint(glas.store, log));
  await chore("housekeeping", () => glas.housekeeping(new Date()));
  await chore("summary catch-up", () => glas.summaries.runDue(new Date()));
}
