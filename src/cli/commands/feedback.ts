import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { FeedbackStatus } from "../../store/ports.ts";
import { feedbackRecords, type RecordFilter, recordsCsv } from "../../usecases/feedback/records.ts";
import { OPERATOR, recordAudit } from "../../usecases/privacy/audit.ts";
import { openContext } from "../context.ts";
import { UsageError } from "../exit.ts";

const STATUSES: FeedbackStatus[] = ["open", "answered", "closed"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function filterOf(opts: { status?: string; from?: string; to?: string }): RecordFilter {
  if (opts.status && !STATUSES.includes(opts.status as FeedbackStatus)) {
    throw new UsageError(`--status must be ${STATUSES.join(", ")}`);
  }
  for (const [name, value] of [
    ["--from", opts.from],
    ["--to", opts.to],
  ] as const) {
    if (value !== undefined && !DAY.test(value)) throw new UsageError(`${name} must be a day, like 2026-06-01`);
  }
  return {
    ...(opts.status ? { status: opts.status as FeedbackStatus } : {}),
    ...(opts.from ? { from: new Date(`${opts.from}T00:00:00Z`) } : {}),
    // --to is included: up to the start of the next day.
    ...(opts.to ? { to: new Date(Date.parse(`${opts.to}T00:00:00Z`) + 24 * 60 * 60 * 1000) } : {}),
  };
}

export function registerFeedback(program: Command): void {
  const feedback = program
    .command("feedback")
    .description("messages to the services (questions, suggestions, complaints, thanks): what was said and done, never who");

  feedback
    .command("list")
    .description("one line per message: reference, kind, service, status, received, due, answered")
    .option("--status <status>", STATUSES.join(" | "))
    .option("--from <day>", "received on or after this day (YYYY-MM-DD)")
    .option("--to <day>", "received on or before this day")
    .action(async (opts: { status?: string; from?: string; to?: string }) => {
      const filter = filterOf(opts);
      const ctx = await openContext();
      try {
        const records = await feedbackRecords(ctx.store, filter);
        if (records.length === 0) {
          process.stdout.write("No messages.\n");
          return;
        }
        const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "-");
        const lines = records.map((r) =>
          [r.ref, r.kind, r.service ?? "-", r.routedTo, r.status, day(r.receivedAt), day(r.dueAt), day(r.answeredAt)].join("\t"),
        );
        process.stdout.write(`ref\tkind\tservice\tto\tstatus\treceived\tdue\tanswered\n${lines.join("\n")}\n`);
      } finally {
        await ctx.close();
      }
    });

  feedback
    .command("export")
    .description("every message with its thread (texts of the sensitive kind left out), as CSV or JSON")
    .option("--format <format>", "csv | json", "csv")
    .option("--out <file>", "write to this file (default: standard output)")
    .option("--status <status>", STATUSES.join(" | "))
    .option("--from <day>", "received on or after this day (YYYY-MM-DD)")
    .option("--to <day>", "received on or before this day")
    .action(async (opts: { format: string; out?: string; status?: string; from?: string; to?: string }) => {
      if (opts.format !== "csv" && opts.format !== "json") throw new UsageError("--format must be csv or json");
      const filter = filterOf(opts);
      const ctx = await openContext();
      try {
        await recordAudit(ctx.store, OPERATOR, "export", { detail: `feedback ${opts.format}` }, new Date());
        const records = await feedbackRecords(ctx.store, filter);
        const body = opts.format === "csv" ? recordsCsv(records) : `${JSON.stringify(records, null, 2)}\n`;
        if (opts.out) {
          writeFileSync(opts.out, body);
          process.stdout.write(`Wrote ${records.length} messages to ${opts.out}.\n`);
        } else {
          process.stdout.write(body);
        }
      } finally {
        await ctx.close();
      }
    });
}
