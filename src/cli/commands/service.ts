import type { Command } from "commander";
import { ConflictError } from "../../store/ports.ts";
import { openContext } from "../context.ts";
import { FailedError, UsageError } from "../exit.ts";

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

export function registerService(program: Command): void {
  const service = program.command("service");

  service
    .command("add")
    .requiredOption("--code <code>", "short code used in links and posters, e.g. DC1")
    .requiredOption("--name <name>", "the service's name as people know it")
    .option("--locality <name>", "village or town")
    .option("--survey <slug>", "survey to run for this service (default: the satisfaction survey)")
    .description("add a service")
    .action(async (opts: { code: string; name: string; locality?: string; survey?: string }) => {
      if (!CODE.test(opts.code)) throw new UsageError("--code may hold only letters, digits, _ and - (at most 40)");
      const ctx = await openContext({ defaults: true });
      try {
        if (opts.survey && !(await ctx.store.surveys.latest(opts.survey))) {
          process.stderr.write(`No survey "${opts.survey}": import it first with "glas survey import FILE".\n`);
          throw new FailedError("unknown survey");
        }
        const added = await ctx.store.services.add({
          code: opts.code,
          name: opts.name,
          locality: opts.locality ?? null,
          surveySlug: opts.survey ?? null,
        });
        process.stdout.write(`Added service ${added.code} (${added.name}${added.locality ? `, ${added.locality}` : ""}).\n`);
      } catch (err) {
        if (err instanceof ConflictError) {
          process.stderr.write(`${err.message}\n`);
          throw new FailedError(err.message, { cause: err });
        }
        throw err;
      } finally {
        await ctx.close();
      }
    });

  service
    .command("list")
    .description("list services")
    .action(async () => {
      const ctx = await openContext({ defaults: true });
      try {
        for (const s of await ctx.store.services.list()) {
          process.stdout.write(`${s.code}\t${s.name}\t${s.locality ?? "-"}\t${s.surveySlug ?? "(default survey)"}\n`);
        }
      } finally {
        await ctx.close();
      }
    });
}
