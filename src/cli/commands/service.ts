import type { Command } from "commander";
import { UsageError } from "../exit.ts";
import { withOperations } from "../operations.ts";

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
      await withOperations({ defaults: true }, async (ops) => {
        const added = await ops.addService({
          code: opts.code,
          name: opts.name,
          locality: opts.locality ?? null,
          survey: opts.survey ?? null,
        });
        process.stdout.write(`Added service ${added.code} (${added.name}${added.locality ? `, ${added.locality}` : ""}).\n`);
      });
    });

  service
    .command("list")
    .description("list services")
    .action(async () => {
      await withOperations({ defaults: true }, async (ops) => {
        for (const s of await ops.listServices()) {
          process.stdout.write(`${s.code}\t${s.name}\t${s.locality ?? "-"}\t${s.survey ?? "(default survey)"}\n`);
        }
      });
    });
}
