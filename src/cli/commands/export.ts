import path from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import { writeFileAtomically } from "../../reports/export.node.ts";
import { parseBound } from "../../usecases/operations/periods.ts";
import { EXPORT_FORMATS, type ExportFormat, OperationError } from "../../usecases/operations/ports.ts";
import { UsageError } from "../exit.ts";
import { withOperations } from "../operations.ts";

type ExportArgs = {
  survey: string;
  format?: string;
  out: string;
  from?: string;
  to?: string;
  lang?: string;
  service?: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PROGRESS_EVERY_ROWS = 500;

export function registerExport(program: Command): void {
  program
    .command("export")
    .requiredOption("--survey <slug>", "the survey, as in `glas survey list`")
    .option("--format <format>", `${EXPORT_FORMATS.join(" or ")} (default: from the --out extension)`)
    .requiredOption("--out <file>", "where to write the file")
    .option("--from <date>", "first day (YYYY-MM-DD in TIMEZONE, or a moment like 2026-03-01T08:00:00+02:00)")
    .option("--to <date>", "last day, included (YYYY-MM-DD in TIMEZONE), or the moment the period ends")
    .option("--lang <lang>", `language of the labels and messages: ${LOCALES.join(", ")} (default: DEFAULT_LOCALE)`)
    .option("--service <code>", "only this service's responses")
    .action(async (args: ExportArgs) => {
      const format = parseFormat(args.format, args.out);
      const lang = parseLocale(args.lang);
      for (const which of ["from", "to"] as const) {
        const value = args[which];
        // The words are checked here (a wrong one is exit 2); the deployment's TIMEZONE places them.
        if (value !== undefined) usage(() => parseBound(value, which, "UTC"));
      }
      if (args.from && args.to && DAY.test(args.from) === DAY.test(args.to) && args.from > args.to) {
        throw new UsageError("--from must come before --to");
      }
      const query = {
        survey: args.survey,
        format,
        ...(args.from !== undefined && { from: args.from }),
        ...(args.to !== undefined && { to: args.to }),
        ...(args.service !== undefined && { service: args.service }),
        ...(lang && { lang }),
      };
      await withOperations({}, async (ops) => {
        const bar = process.stderr.isTTY
          ? new SingleBar({
              stream: process.stderr,
              format: "[{bar}] {percentage}% {value}/{total}",
              hideCursor: true,
              etaBuffer: 50,
            })
          : null;
        let written = 0;
        try {
          const { rows, body } = await ops.exportAnswers(query, () => {
            if (++written % PROGRESS_EVERY_ROWS === 0) bar?.update(written);
          });
          bar?.start(rows, 0);
          const file = await writeFileAtomically(body, args.out);
          bar?.update(rows);
          bar?.stop();
          const locale = lang ?? defaultLocale();
          const { createTranslate } = await import("../../i18n/index.ts");
          process.stdout.write(`${createTranslate(locale)(locale, "export.done", { count: rows, file })}\n`);
        } finally {
          bar?.stop();
        }
      });
    });
}

/** The language of the messages: --lang, else DEFAULT_LOCALE (for a deployment, set it as the server's). */
function defaultLocale(): Locale {
  const fromEnv = process.env.DEFAULT_LOCALE?.trim().toLowerCase();
  return fromEnv && isLocale(fromEnv) ? fromEnv : "ro";
}

function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof OperationError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

function parseFormat(value: string | undefined, out: string): ExportFormat {
  const given = (value ?? path.extname(out).slice(1)).trim().toLowerCase();
  if ((EXPORT_FORMATS as readonly string[]).includes(given)) return given as ExportFormat;
  if (value === undefined) throw new UsageError(`--format is needed: ${EXPORT_FORMATS.join(" or ")} (or an --out ending in one)`);
  throw new UsageError(`--format must be ${EXPORT_FORMATS.join(" or ")}, not "${value}"`);
}

function parseLocale(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  const lang = value.trim().toLowerCase();
  if (!isLocale(lang)) throw new UsageError(`--lang: unknown language "${value}"; use ${LOCALES.join(", ")}`);
  return lang;
}
