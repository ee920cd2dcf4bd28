import cron from "node-cron";
import type { Logger } from "./log.ts";
import { errorFields } from "./log.ts";

export type Job = { name: string; cron: string; run(now: Date): Promise<unknown> };

/** Runs jobs on node-cron in the configured time zone; a failing run is logged, never thrown. */
export function scheduleJobs(jobs: Job[], timezone: string, log: Logger): { stop(): void } {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        const started = Date.now();
        try {
          await job.run(new Date());
          log.debug({ job: job.name, durationMs: Date.now() - started }, "job ran");
        } catch (err) {
          log.error({ job: job.name, ...errorFields(err) }, "job failed");
        }
      },
      { timezone, name: job.name, noOverlap: true },
    ),
  );
  return {
    stop: () => {
      for (const t of tasks) t.stop();
    },
  };
}
