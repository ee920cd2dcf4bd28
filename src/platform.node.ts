import { serve } from "@hono/node-server";
import type { Glas } from "./compose.ts";
import { errorFields } from "./log.ts";
import { scheduleJobs } from "./schedules.ts";
import { warnWithoutFocalPoint } from "./usecases/feedback/index.ts";

export type RunningServer = { port: number; close(): Promise<void> };

/**
 * Runs a composed Glas on Node: the HTTP server, the outbox drainer and the consultation job
 * as loops, the jobs on node-cron, and Telegram long polling when configured. What Workers
 * does with `fetch`, `waitUntil` and Cron Triggers instead.
 */
export async function serveNode(glas: Glas, port = glas.config.PORT): Promise<RunningServer> {
  const { config, log } = glas;
  const stopLoops = new AbortController();
  const draining = glas.drainer.run(stopLoops.signal);
  const consulting = glas.consultations.run(stopLoops.signal);
  const polls = await Promise.all(glas.channels.flatMap((c) => (c.poll ? [c.poll()] : [])));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: glas.app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  await warnWithoutFocalPoint(glas.store, log);
  await glas.housekeeping(new Date());
  const jobs = scheduleJobs(glas.jobs, config.TIMEZONE, log);
  // A server that was down at the scheduled time sends the latest missed summaries now.
  const catchingUp = glas.summaries
    .runDue(new Date())
    .catch((err: unknown) => log.error(errorFields(err), "summary catch-up failed"));
  return {
    port: bound,
    close: async () => {
      jobs.stop();
      await catchingUp;
      for (const poll of polls) await poll.stop();
      stopLoops.abort();
      await draining;
      await consulting;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
