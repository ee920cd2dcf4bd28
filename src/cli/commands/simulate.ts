import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { createSimulator } from "../../channels/terminal/simulator.ts";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import { openContext } from "../context.ts";
import { UsageError } from "../exit.ts";

type Options = { lang?: string; survey?: string; service?: string; user?: string };

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .option("--lang <locale>", `language: ${LOCALES.join(", ")} (default: ask)`)
    .option("--survey <slug>", "survey to take (default: the service's, or the satisfaction survey)")
    .option("--service <code>", "service the answers are credited to, as from its poster")
    .option("--user <id>", "who you are, to resume an unfinished survey (default: a new person)")
    .addHelpText(
      "after",
      "\nButtons are numbered: type the number to press one (#N where the question asks for a number).\nCommands: /start /language /help /stop /forget. Ctrl+D ends.",
    )
    .action(async (opts: Options) => {
      if (opts.lang !== undefined && !isLocale(opts.lang)) throw new UsageError(`--lang must be one of ${LOCALES.join(", ")}`);
      const ctx = await openContext({ defaults: true });
      try {
        if (opts.service && !(await ctx.store.services.byCode(opts.service))) {
          throw new UsageError(`no service "${opts.service}" (see "glas service list")`);
        }
        if (opts.survey && !(await ctx.store.surveys.latest(opts.survey))) {
          throw new UsageError(`no survey "${opts.survey}" (see "glas survey list")`);
        }
        await run(ctx, opts);
      } finally {
        await ctx.close();
      }
    });
}

async function run(ctx: Awaited<ReturnType<typeof openContext>>, opts: Options): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const simulator = createSimulator({
    // No "✉ Write to us" at the end: in the terminal there is no staff member to read it.
    deps: { ...(await ctx.glas()).respond, feedback: undefined },
    t: ctx.t,
    platformId: opts.user ?? `sim-${randomUUID()}`,
    locale: (opts.lang as Locale | undefined) ?? null,
    serviceCode: opts.service ?? null,
    surveySlug: opts.survey ?? null,
    write: (text) => process.stdout.write(text),
  });
  const rl = createInterface({ input: process.stdin, terminal: interactive });
  // Listen before the first await: piped lines that arrive while the greeting is composed would
  // otherwise be emitted to nobody, and the loop below would wait for input that has gone.
  const lines = rl[Symbol.asyncIterator]();
  if (interactive) rl.setPrompt("> ");
  await simulator.start();
  if (simulator.ended) return rl.close();
  if (interactive) rl.prompt();
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    if (!interactive) process.stdout.write(`> ${line}\n\n`);
    await simulator.line(line);
    if (simulator.ended) break;
    if (interactive) rl.prompt();
  }
  rl.close();
}
