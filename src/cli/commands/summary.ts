import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import { dayRange } from "../../reports/periods.ts";
import type { PeriodQuery, SummaryQuery } from "../../usecases/operations/ports.ts";
import { FailedError, UsageError } from "../exit.ts";
import { withOperations } from "../operations.ts";

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
      const lang = parseLocale(args.lang);
      const periodGiven = command.getOptionValueSource("period") === "cli";
      const period = parsePeriod(args, periodGiven);
      if (args.send) refuseOpenRange(period, new Date());
      const query: SummaryQuery = {
        ...period,
        ...(args.service !== undefined && { service: args.service }),
        ...(lang && { lang }),
      };
      if (args.out && path.extname(args.out).toLowerCase() !== ".xlsx") throw new UsageError("--out must name an .xlsx file");
      if (args.chart && path.extname(args.chart).toLowerCase() !== ".png") throw new UsageError("--chart must name a .png file");

      await withOperations({ defaults: true }, async (ops) => {
        if (args.send) {
          const { periodKey, recipients } = await ops.sendSummary(query);
          if (recipients === 0) {
            process.stderr.write(
              'Nobody to send it to: there is no directorate staff. Invite them with "glas invite --role directorate".\n',
            );
            throw new FailedError("no directorate staff");
          }
          const people = recipients === 1 ? "1 person" : `${recipients} people`;
          process.stdout.write(`Summary ${periodKey} queued for ${people} of the directorate; the server sends it.\n`);
          return;
        }
        const { text } = await ops.summary(query);
        if (args.out) await write(args.out, await ops.summaryFile(query, "workbook"));
        if (args.chart) await write(args.chart, await ops.summaryFile(query, "chart"));
        process.stdout.write(`${text}\n`);
      });
    });
}

/** The period as named; its days are checked here (exit 2), the deployment's TIMEZONE places them. */
function parsePeriod(args: SummaryArgs, periodGiven: boolean): PeriodQuery {
  if (args.from !== undefined || args.to !== undefined) {
    if (args.from === undefined || args.to === undefined) throw new UsageError("--from and --to go together");
    if (periodGiven) throw new UsageError("use either --period or --from and --to");
    try {
      dayRange(args.from, args.to, "UTC");
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
    return { from: args.from, to: args.to };
  }
  const kind = (args.period ?? "week").trim().toLowerCase();
  if (!(PERIODS as readonly string[]).includes(kind))
    throw new UsageError(`--period must be week or month, not "${args.period}"`);
  return { period: kind as (typeof PERIODS)[number] };
}

/**
 * Printed, any range is the operator's own look at their database; sent, a period still running
 * would let two summaries a few hours apart tell one person's answers. The server checks it again
 * in its own TIMEZONE; this catches it early, with the usage exit code.
 */
function refuseOpenRange(period: PeriodQuery, now: Date): void {
  if (!("from" in period)) return;
  const range = dayRange(period.from, period.to, process.env.TIMEZONE || "Europe/Chisinau");
  if (range.end > now) {
    throw new UsageError(
      `--send delivers closed periods only: ${period.from} to ${period.to} is not over yet. Send it once it has ended, or leave out --send to print it here.`,
    );
  }
}

function parseLocale(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  const lang = value.trim().toLowerCase();
  if (!isLocale(lang)) throw new UsageError(`--lang must be one of ${LOCALES.join(", ")}, not "${value}"`);
  return lang;
}

async function write(file: string, bytes: Uint8Array): Promise<void> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
}
