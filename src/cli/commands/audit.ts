import type { Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { loadConfig } from "../../config.ts";
import { neutralizeFormula } from "../../reports/export-csv.node.ts";
import { localDay, parseDay, startOfDay } from "../../reports/periods.ts";
import type { AuditEntry } from "../../store/privacy-ports.ts";
import { openContext } from "../context.ts";
import { UsageError } from "../exit.ts";

const FORMATS = ["table", "csv"] as const;
const HEADER = ["time", "actor", "staff", "role", "action", "service", "locality", "period", "detail"];

/** `2026-11-30 08:15:02` in TIMEZONE: what the officer reading the log expects. */
function localTime(at: Date, timeZone: string): string {
  const day = localDay(at, timeZone);
  const clock = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day.y}-${pad(day.m)}-${pad(day.d)} ${clock.format(at)}`;
}

function cells(entry: AuditEntry, timeZone: string): string[] {
  return [
    localTime(entry.at, timeZone),
    entry.actor,
    entry.staffId ?? "",
    entry.role,
    entry.action,
    entry.service ?? "",
    entry.locality ?? "",
    entry.period ?? "",
    entry.detail ?? "",
  ];
}

function table(rows: string[][]): string {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(HEADER), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("list what staff did that reveals data or reaches people (kept two years): time, staff id, role, action, scope")
    .option("--since <date>", "from this day on, YYYY-MM-DD in TIMEZONE (default: everything kept)")
    .option("--format <format>", `${FORMATS.join(" or ")}`, "table")
    .action(async (opts: { since?: string; format: string }) => {
      const config = loadConfig(process.env);
      const format = opts.format.trim().toLowerCase();
      if (!(FORMATS as readonly string[]).includes(format))
        throw new UsageError(`--format must be table or csv, not "${opts.format}"`);
      let since: Date | null = null;
      if (opts.since !== undefined) {
        try {
          since = startOfDay(parseDay(opts.since.trim()), config.TIMEZONE);
        } catch (err) {
          throw new UsageError(`--since must be a day like 2026-11-01, not "${opts.since}"`, { cause: err });
        }
      }
      const ctx = await openContext();
      try {
        const rows = (await ctx.store.audit.list(since)).map((e) => cells(e, config.TIMEZONE));
        if (format === "csv") {
          process.stdout.write(
            stringify([HEADER, ...rows.map((r) => r.map((c) => String(neutralizeFormula(c))))], {
              quoted: true,
              quoted_empty: true,
            }),
          );
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(since ? `Nothing recorded since ${opts.since}.\n` : "Nothing recorded yet.\n");
          return;
        }
        process.stdout.write(`${table(rows)}\n`);
      } finally {
        await ctx.close();
      }
    });
}
