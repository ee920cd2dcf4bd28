import type { Locale } from "../../engine/locale.ts";
import type { SummaryJson } from "../../reports/summary-json.ts";
import type { StaffRole } from "../../store/ports.ts";

/**
 * What the operator's commands do, over one interface: on the local database, or on a running
 * Glas through its admin API (`GLAS_URL`, `ADMIN_TOKEN`). Each command is written once, against
 * this; the admin API serves the local implementation.
 * @example const ops = await openOperations(); await ops.addService({ code: "DC1", name: "Day centre", locality: null, survey: null });
 */
export interface Operations {
  addService(input: NewService): Promise<ServiceInfo>;
  listServices(): Promise<ServiceInfo[]>;
  /** A parsed survey file (YAML or JSON); invalid → `{ type: "invalid" }` with every error. */
  importSurvey(data: unknown): Promise<SurveyImport>;
  listSurveys(): Promise<SurveyInfo[]>;
  invite(input: NewInvite): Promise<InviteInfo>;
  listStaff(): Promise<StaffInfo[]>;
  /** False when there is no such member, or they were revoked already. */
  revokeStaff(id: string): Promise<boolean>;
  summary(query: SummaryQuery): Promise<SummaryInfo>;
  /** The summary's workbook (.xlsx) or chart (.png). */
  summaryFile(query: SummaryQuery, kind: SummaryFileKind): Promise<Uint8Array>;
  /** Queues the summary to every directorate member; how many. */
  sendSummary(query: SummaryQuery): Promise<{ periodKey: string; recipients: number }>;
  /** The anonymised answers as a file, streamed: `rows` is known before the first byte; `onRow` (local only) follows the writing. */
  exportAnswers(query: ExportQuery, onRow?: () => void): Promise<{ rows: number; body: ReadableStream<Uint8Array> }>;
  close(): Promise<void>;
}

export type NewService = { code: string; name: string; locality: string | null; survey: string | null };
export type ServiceInfo = { code: string; name: string; locality: string | null; survey: string | null };
export type SurveyInfo = { slug: string; version: number; title: string; questions: number };
export type SurveyImport =
  | { type: "imported"; slug: string; version: number; created: boolean }
  | { type: "invalid"; errors: { path: string; message: string }[] };
export type NewInvite = { role: StaffRole; service: string | null; locality: string | null };
export type InviteInfo = {
  code: string;
  role: StaffRole;
  service: { code: string; name: string } | null;
  locality: string | null;
  /** ISO 8601. */
  expiresAt: string;
};
export type StaffInfo = {
  id: string;
  role: string;
  service: string | null;
  locality: string | null;
  channel: string;
  /** ISO 8601. */
  since: string;
  revokedAt: string | null;
};

/** A period as the operator names it; the deployment's TIMEZONE turns it into moments. */
export type PeriodQuery = { period: "week" | "month" } | { from: string; to: string };
export type SummaryQuery = PeriodQuery & { service?: string; lang?: Locale };
/** The summary as text and as figures, both only what passed the disclosure step. */
export type SummaryInfo = { periodKey: string; text: string; figures: SummaryJson };
export const SUMMARY_FILE_KINDS = ["workbook", "chart"] as const;
export type SummaryFileKind = (typeof SUMMARY_FILE_KINDS)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** `from`/`to`: whole local days (YYYY-MM-DD, `to` included) or moments with a zone. */
export type ExportQuery = { survey: string; format: ExportFormat; from?: string; to?: string; service?: string; lang?: Locale };

export type OperationErrorKind = "not-found" | "conflict" | "invalid" | "unavailable";

/** A command that could not be done, for a reason the operator can act on; the message says which. */
export class OperationError extends Error {
  override name = "OperationError";
  constructor(
    readonly kind: OperationErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
