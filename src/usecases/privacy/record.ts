import { SESSION_TTL_MS } from "../../engine/state.ts";
import { INVITE_TTL_MS } from "../staff/invites.ts";
import { FILE_TTL_MS } from "../summaries/delivery.ts";
import {
  ABANDONED_DRAFT_DAYS,
  AUDIT_DAYS,
  DAY_MS,
  PROCESSED_UPDATE_DAYS,
  type RetentionPolicy,
  SETTLED_OUTBOX_DAYS,
} from "./policy.ts";

/** One line of the record of processing (Law 195/2024 art. 30, GDPR art. 30): what, why, how long, who sees it. */
export type ProcessingRecord = { data: string; purpose: string; kept: string; seenBy: string };

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const years = (n: number) => (n % 365 === 0 ? `${n / 365} years` : days(n));

/**
 * The record of processing, built from the constants and the configuration the code runs
 * with: the README's table is this, rendered (a test keeps them the same).
 */
export function recordOfProcessing(policy: RetentionPolicy): ProcessingRecord[] {
  const inactive = `until /forget, or ${days(policy.inactiveDays)} after their last message (RETENTION_INACTIVE_DAYS)`;
  return [
    {
      data: "A person: messenger, its user id, language, status (/stop), the service they came through, the day they first and last wrote",
      purpose: "to answer them in their language, not to write to those who said /stop, to credit answers to a service",
      kept: inactive,
      seenBy: "the person (/mydata); the operator, in the database; never shown to staff",
    },
    {
      data: "Answers to anonymous surveys (choices, ratings, numbers), with the day, service and locality",
      purpose: "the figures on each service (the monitoring the directorate is responsible for)",
      kept: "as long as the directorate keeps its monitoring data; linked to no one, so /forget cannot and need not erase them",
      seenBy:
        "staff and the directorate as totals that passed the disclosure step; the operator in exports, one row per response",
    },
    {
      data: "Typed survey comments",
      purpose: "what people want to say in their own words",
      kept: `${days(policy.commentDays)} after the day they were written (RETENTION_COMMENT_DAYS)`,
      seenBy: "the operator in exports; the directorate's workbook only for questions marked shareable",
    },
    {
      data: "Answers to surveys that are not anonymous, and the mark that a person answered a survey",
      purpose: "follow-up the survey announces; not asking the same person twice",
      kept: inactive,
      seenBy: "the person (/mydata); the operator in exports",
    },
    {
      data: "Replies to consultations (the choice, or typed words)",
      purpose: "to hear a community on one question",
      kept: `the count for good; the typed words ${days(policy.commentDays)} (RETENTION_COMMENT_DAYS); the link to the person until /forget`,
      seenBy: `the person (/mydata); staff see counts, and typed words once enough people replied (MIN_CELL)`,
    },
    {
      data: "An unfinished survey (the conversation state)",
      purpose: "to continue where the person left off",
      kept: `${SESSION_TTL_MS / 3_600_000} hours without a message`,
      seenBy: "nobody",
    },
    {
      data: "Outgoing messages: recipient and text, then only their status",
      purpose: "to deliver each message once, at the allowed rate, and count deliveries",
      kept: `recipient and text until sent; the status ${days(SETTLED_OUTBOX_DAYS)} (a consultation's counts for good)`,
      seenBy: "staff see delivery counts",
    },
    {
      data: "Ids of messages received (never their content or sender)",
      purpose: "not to handle a redelivered message twice",
      kept: days(PROCESSED_UPDATE_DAYS),
      seenBy: "nobody",
    },
    {
      data: "Summary charts and workbooks",
      purpose: "the directorate's scheduled and requested summaries",
      kept: `${days(FILE_TTL_MS / DAY_MS)} (the link's life)`,
      seenBy: "the directorate member it was sent to",
    },
    {
      data: "Staff: role, scope, when they joined or were revoked; invite codes as hashes",
      purpose: "to let social workers and the directorate do their work, and only theirs",
      kept: `while they are staff; an invite ${days(INVITE_TTL_MS / DAY_MS)} until used`,
      seenBy: "the operator (glas staff list)",
    },
    {
      data: "Consultations being written in the messenger",
      purpose: "to finish a consultation in several messages",
      kept: `${days(ABANDONED_DRAFT_DAYS)} once abandoned`,
      seenBy: "the staff member writing it",
    },
    {
      data: "Audit log: time, staff id, role, action, scope (never a name or messenger id)",
      purpose: "to show who saw what data and who reached whom (accountability)",
      kept: years(AUDIT_DAYS),
      seenBy: "the operator and the data-protection officer (glas audit)",
    },
  ];
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The record as the README's Markdown table, columns aligned as the formatter (biome) leaves them. */
export function recordMarkdown(policy: RetentionPolicy): string {
  const rows = [
    ["what is kept", "why", "for how long", "who sees it"],
    ...recordOfProcessing(policy).map((r) => [r.data, r.purpose, r.kept, r.seenBy].map(cell)),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

export const RECORD_START = "<!-- record-of-processing: generated by npm run readme:record -->";
export const RECORD_END = "<!-- /record-of-processing -->";

/** The README with its record of processing (between the markers) as the code has it. */
export function withRecord(readme: string, policy: RetentionPolicy): string {
  const start = readme.indexOf(RECORD_START);
  const end = readme.indexOf(RECORD_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${RECORD_START} … ${RECORD_END} section`);
  return `${readme.slice(0, start + RECORD_START.length)}\n\n${recordMarkdown(policy)}\n\n${readme.slice(end)}`;
}
