import type { FeedbackAuthor, FeedbackKind, FeedbackRoute, FeedbackStatus, Store } from "../../store/ports.ts";

/**
 * One item as the operator's tools show it (`GET /api/feedback`, `glas feedback list|export`):
 * what was said and done, with no link to the person (no id, no number, no messenger). Texts
 * of the sensitive kind are left out: only focal points read those, in their chat.
 */
export type FeedbackRecord = {
  ref: string;
  kind: FeedbackKind;
  service: string | null;
  routedTo: FeedbackRoute;
  status: FeedbackStatus;
  receivedAt: string;
  dueAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  answeredInTime: boolean | null;
  messages: { author: FeedbackAuthor; at: string; text: string | null }[];
};

export type RecordFilter = { from?: Date; to?: Date; status?: FeedbackStatus };

export async function feedbackRecords(store: Store, filter: RecordFilter): Promise<FeedbackRecord[]> {
  const [items, services] = await Promise.all([store.feedback.list(filter), store.services.list()]);
  const code = new Map(services.map((s) => [s.id, s.code]));
  return items.map((item) => ({
    ref: item.ref,
    kind: item.kind,
    service: item.serviceId ? (code.get(item.serviceId) ?? null) : null,
    routedTo: item.routedTo,
    status: item.status,
    receivedAt: item.createdAt.toISOString(),
    dueAt: item.dueAt.toISOString(),
    answeredAt: item.answeredAt?.toISOString() ?? null,
    closedAt: item.closedAt?.toISOString() ?? null,
    answeredInTime: item.answeredAt ? item.answeredAt <= item.dueAt : item.dueAt < new Date() ? false : null,
    messages: item.messages.map((m) => ({
      author: m.author,
      at: m.createdAt.toISOString(),
      text: item.kind === "sensitive" ? null : m.text,
    })),
  }));
}

const CSV_HEADER = [
  "ref",
  "kind",
  "service",
  "routed_to",
  "status",
  "received_at",
  "due_at",
  "answered_at",
  "closed_at",
  "answered_in_time",
  "message",
  "replies",
];

/** Every line of a field that a spreadsheet would run as a formula starts with ' instead. */
function csvField(value: string | null): string {
  const safe = (value ?? "")
    .split("\n")
    .map((line) => (/^[=+\-@\t\r]/.test(line) ? `'${line}` : line))
    .join("\n");
  return `"${safe.replaceAll('"', '""')}"`;
}

/** RFC 4180, every field quoted, CRLF, with a byte-order mark for Excel. One row per item. */
export function recordsCsv(records: FeedbackRecord[]): string {
  const rows = records.map((r) => {
    const person = r.messages.filter((m) => m.author === "person").map((m) => m.text ?? "");
    const staff = r.messages.filter((m) => m.author === "staff").map((m) => m.text ?? "");
    return [
      r.ref,
      r.kind,
      r.service,
      r.routedTo,
      r.status,
      r.receivedAt,
      r.dueAt,
      r.answeredAt,
      r.closedAt,
      r.answeredInTime === null ? "" : String(r.answeredInTime),
      person.join("\n---\n"),
      staff.join("\n---\n"),
    ];
  });
  return `\uFEFF${[CSV_HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
