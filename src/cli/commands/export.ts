import path from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import { UnknownServiceError, UnknownSurveyError } from "../../reports/answers.ts";
import { EXPORT_FORMATS, type ExportFormat, exportAnswers } from "../../reports/export.node.ts";
import { dayRange, parseDay, startOfDay } from "../../reports/periods.ts";
import { OPERATOR, recordAudit } from "../../usecases/privacy/audit.ts";
import { openContext } from "../context.ts";
import { FailedError, UsageError } from "../exit.ts";

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
/** A moment with a time and an explicit zone, e.g. 2026-03-01T08:00:00+02:00. */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
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
      const config = loadConfig(process.env);
      const format = parseFormat(args.format, args.out);
      const locale = parseLocale(args.lang, config.DEFAULT_LOCALE);
      const from = args.from === undefined ? undefined : parseBound(args.from, "from", config.TIMEZONE);
      const to = args.to === undefined ? undefined : parseBound(args.to, "to", config.TIMEZONE);
      if (from && to && from >= to) throw new UsageError("--from must come before --to");

      const ctx = await openContext();
      const t = ctx.t;
      const bar = process.stderr.isTTY
        ? new SingleBar({
            stream: process.stderr,
            format: `${t(locale, "export.progress")} [{bar}] {percentage}% {value}/{total}`,
            hideCursor: true,
            etaBuffer: 50,
          })
        : null;
      let written = 0;
      try {
        const period = args.from || args.to ? `${args.from ?? ""}..${args.to ?? ""}` : null;
        const detail = `survey ${args.survey}, ${format}`;
        await recordAudit(ctx.store, OPERATOR, "export", { service: args.service ?? null, period, detail }, new Date());
        const result = await exportAnswers(ctx.store, {
          survey: args.survey,
          locale,
          format,
          out: args.out,
          timeZone: config.TIMEZONE,
          sheetName: t(locale, "export.sheet"),
          ...(from && { from }),
          ...(to && { to }),
          ...(args.service !== undefined && { serviceCode: args.service }),
          onStart: (total) => bar?.start(total, 0),
          onRow: () => {
            if (++written % PROGRESS_EVERY_ROWS === 0) bar?.update(written);
          },
        });
        bar?.update(result.rows);
        bar?.stop();
        process.stdout.write(`${t(locale, "export.done", { count: result.rows, file: result.file })}\n`);
      } catch (err) {
        bar?.stop();
        throw failure(err, args, locale, t);
      } finally {
        await ctx.close();
      }
    });
}

/** Explains the failure on stderr in the export's language and turns it into exit code 1. */
function failure(err: unknown, args: ExportArgs, locale: Locale, t: Translate): FailedError {
  let line: string;
  if (err instanceof UnknownSurveyError) line = t(locale, "export.error.unknownSurvey", { slug: args.survey });
  else if (err instanceof UnknownServiceError) line = t(locale, "export.error.unknownService", { code: args.service ?? "" });
  else line = t(locale, "export.error.failed", { reason: err instanceof Error ? err.message : String(err) });
  process.stderr.write(`${line}\n`);
  return new FailedError(line, { cause: err });
}

function parseFormat(value: string | undefined, out: string): ExportFormat {
  const given = (value ?? path.extname(out).slice(1)).trim().toLowerCase();
  if ((EXPORT_FORMATS as readonly string[]).includes(given)) return given as ExportFormat;
  if (value === undefined) throw new UsageError(`--format is needed: ${EXPORT_FORMATS.join(" or ")} (or an --out ending in one)`);
  throw new UsageError(`--format must be ${EXPORT_FORMATS.join(" or ")}, not "${value}"`);
}

function parseLocale(value: string | undefined, fallback: Locale): Locale {
  if (value === undefined) return fallback;
  const lang = value.trim().toLowerCase();
  if (!isLocale(lang)) throw new UsageError(`--lang: unknown language "${value}"; use ${LOCALES.join(", ")}`);
  return lang;
}

/** A day is a whole local day: --from starts at its midnight, --to ends at the next one. */
function parseBound(value: string, which: "from" | "to", timeZone: string): Date {
  if (DAY.test(value)) {
    try {
      return which === "from" ? startOfDay(parseDay(value), timeZone) : dayRange(value, value, timeZone).end;
    } catch (err) {
      throw new UsageError(`--${which}: ${(err as Error).message}`, { cause: err });
    }
  }
  const at = MOMENT.test(value) ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) {
    throw new UsageError(`--${which} must be a date like 2026-03-01 or a moment like 2026-03-01T08:00:00+02:00, not "${value}"`);
  }
  return at;
}
