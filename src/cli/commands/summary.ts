import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import { dayRange, lastFullPeriod, type Period } from "../../reports/periods.ts";
import { computeSummary } from "../../reports/summary.ts";
import { summaryText } from "../../reports/text.ts";
import { OPERATOR, recordAudit } from "../../usecases/privacy/audit.ts";
import { openContext } from "../context.ts";
import { FailedError, UsageError } from "../exit.ts";

type SummaryArgs = {
  period?: string;
  from?: string;
  to?: string;
  service?: string;
  lang?: string;
  out?: string;
  chart?: string;
  send?: boolean;
};

const PERIODS = ["week", "month"] as const;

export function registerSummary(program: Command): void {
  program
    .command("summary")
    .option("--period <period>", "week (Monday to Sunday) or month, the last full one in TIMEZONE", "week")
    .option("--from <date>", "first day, YYYY-MM-DD (with --to, instead of --period)")
    .option("--to <date>", "last day, included, YYYY-MM-DD")
    .option("--service <code>", "one service only")
    .option("--lang <lang>", `language: ${LOCALES.join(", ")} (default: DEFAULT_LOCALE)`)
    .option("--out <file.xlsx>", "write the workbook of indicators here")
    .option("--chart <file.png>", "write the chart of indicators per service here")
    .option(
      "--send",
      "queue it to every directorate member, in their language and messenger (the server sends it); closed periods only",
    )
    .action(async (args: SummaryArgs, command: Command) => {
      const config = loadConfig(process.env);
      const locale = parseLocale(args.lang, config.DEFAULT_LOCALE);
      const periodGiven = command.getOptionValueSource("period") === "cli";
      const now = new Date();
      const period = parsePeriod(args, periodGiven, config.TIMEZONE, now);
      // Printed here, any range is the operator's own look at their database; sent, a period
      // still running would let two summaries a few hours apart tell one person's answers.
      if (args.send && period.end > now) {
        throw new UsageError(
          `--send delivers closed periods only: ${period.firstDay} to ${period.lastDay} is not over yet. Send it once it has ended, or leave out --send to print it here.`,
        );
      }
      if (args.out && path.extname(args.out).toLowerCase() !== ".xlsx") throw new UsageError("--out must name an .xlsx file");
      if (args.chart && path.extname(args.chart).toLowerCase() !== ".png") throw new UsageError("--chart must name a .png file");

      const ctx = await openContext({ defaults: true });
      try {
        const service = args.service === undefined ? null : await ctx.store.services.byCode(args.service);
        if (args.service !== undefined && !service) {
          process.stderr.write(`No service with code "${args.service}": see "glas service list".\n`);
          throw new FailedError("unknown service");
        }
        const summary = await computeSummary(ctx.store, { period, service, minCell: config.MIN_CELL });
        // The workbook and chart libraries are loaded only when asked for: the command line starts quickly.
        if (args.out) {
          const { createWorkbookWriter } = await import("../../reports/workbook.node.ts");
          const workbook = createWorkbookWriter({ t: ctx.t });
          await write(args.out, await workbook(summary, locale));
        }
        if (args.chart) {
          const [{ summaryChartSvg }, { rasterizePng }] = await Promise.all([
            import("../../reports/chart.ts"),
            import("../../reports/rasterize.node.ts"),
          ]);
          await write(args.chart, await rasterizePng(summaryChartSvg(summary, locale, ctx.t)));
        }
        if (args.send) {
          const { summaries } = await ctx.glas();
          const queued = await summaries.sendToDirectorate({ period, service }, crypto.randomUUID());
          if (queued === 0) {
            process.stderr.write(
              'Nobody to send it to: there is no directorate staff. Invite them with "glas invite --role directorate".\n',
            );
            throw new FailedError("no directorate staff");
          }
          const people = queued === 1 ? "1 person" : `${queued} people`;
          process.stdout.write(`Summary ${period.key} queued for ${people} of the directorate; the server sends it.\n`);
          return;
        }
        const scope = { service: service?.code ?? null, locality: service?.locality ?? null, period: period.key };
        await recordAudit(ctx.store, OPERATOR, "summary.asked", scope, new Date());
        process.stdout.write(`${summaryText(summary, locale, ctx.t)}\n`);
      } finally {
        await ctx.close();
      }
    });
}

function parsePeriod(args: SummaryArgs, periodGiven: boolean, timeZone: string, now: Date): Period {
  if (args.from !== undefined || args.to !== undefined) {
    if (args.from === undefined || args.to === undefined) throw new UsageError("--from and --to go together");
    if (periodGiven) throw new UsageError("use either --period or --from and --to");
    try {
      return dayRange(args.from, args.to, timeZone);
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
  }
  const kind = (args.period ?? "week").trim().toLowerCase();
  if (!(PERIODS as readonly string[]).includes(kind))
    throw new UsageError(`--period must be week or month, not "${args.period}"`);
  return lastFullPeriod(kind as (typeof PERIODS)[number], now, timeZone);
}

function parseLocale(value: string | undefined, fallback: Locale): Locale {
  if (value === undefined) return fallback;
  const lang = value.trim().toLowerCase();
  if (!isLocale(lang)) throw new UsageError(`--lang must be one of ${LOCALES.join(", ")}, not "${value}"`);
  return lang;
}

async function write(file: string, bytes: Uint8Array): Promise<void> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
}
