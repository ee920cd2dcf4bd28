import type { Command } from "commander";
import { retentionPolicy } from "../../usecases/privacy/policy.ts";
import { applyRetention } from "../../usecases/privacy/retention.ts";
import { openContext } from "../context.ts";

export function registerPurge(program: Command): void {
  program
    .command("purge")
    .description(
      "apply retention now (the server does it daily): comments, replies and inactive people per RETENTION_*, old update ids, messages, files, drafts, audit entries",
    )
    .action(async () => {
      const ctx = await openContext();
      try {
        const started = performance.now();
        const purged = await applyRetention(ctx.store, ctx.log, retentionPolicy(ctx.config), new Date());
        const seconds = (performance.now() - started) / 1000;
        const width = Math.max(...purged.map((p) => p.label.length));
        const lines = purged.map((p) => `  ${p.label.padEnd(width)}  ${p.removed.toLocaleString("en").padStart(9)}`);
        process.stdout.write(`Removed, by kind:\n${lines.join("\n")}\nDone in ${seconds.toFixed(1)} s.\n`);
      } finally {
        await ctx.close();
      }
    });
}
