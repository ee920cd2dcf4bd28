import type { Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import { type AnswerTable, answerTable, UnknownServiceError, UnknownSurveyError } from "../../reports/answers.ts";
import type { Period } from "../../reports/periods.ts";
import { computeSummary } from "../../reports/summary.ts";
import { summaryJson } from "../../reports/summary-json.ts";
import { summaryText } from "../../reports/text.ts";
import { ConflictError, type Service, type Store } from "../../store/ports.ts";
import { type AuditWho, recordAudit } from "../privacy/audit.ts";
import { revokeStaff } from "../staff/admin.ts";
import { InviteError, issueInvite } from "../staff/invites.ts";
import type { Attachments, SummaryRequest } from "../summaries/index.ts";
import { importSurvey } from "../surveys.ts";
import { parseBound, resolvePeriod } from "./periods.ts";
import { type ExportFormat, OperationError, type Operations, type SummaryQuery } from "./ports.ts";

export type LocalOperationsDeps = {
  store: Store;
  t: Translate;
  timeZone: string;
  minCell: number;
  defaultLocale: Locale;
  /** Draws a summary's chart and workbook; null where the runtime cannot (then `summaryFile` is unavailable). */
  attachments: Attachments | null;
  /** Queues a summary to every directorate member (the summaries service); returns how many. */
  sendToDirectorate(request: SummaryRequest, id: string): Promise<number>;
  /** Writes an answer table as a file; the formats the runtime can write. */
  exportFile(table: AnswerTable, format: ExportFormat, sheetName: string, onRow: () => void): Promise<ReadableStream<Uint8Array>>;
  /** Who the audit log names for exports, summaries and revocations: the operator, or the admin API. */
  who: AuditWho;
  /**
   * Summaries of closed periods only (the server: the figures leave it; a period still running
   * would let two summaries a few hours apart tell one person's answers). The local command line
   * may print any range of its own database.
   */
  closedPeriodsOnly?: boolean;
  now?: () => Date;
};

function refuseOpen(period: Period, now: Date, what: string): void {
  if (period.end > now) {
    throw new OperationError(
      "invalid",
      `${what} closed periods only: ${period.firstDay} to ${period.lastDay} is not over yet. Ask again once it has ended.`,
    );
  }
}

/** The operations on this database: what the local command line runs, and what the admin API serves. */
export function createLocalOperations(deps: LocalOperationsDeps): Operations {
  const { store, t } = deps;
  const now = deps.now ?? (() => new Date());

  async function serviceByCode(code: string | undefined): Promise<Service | null> {
    if (code === undefined) return null;
    const service = await store.services.byCode(code);
    if (!service) throw new OperationError("not-found", `No service with code "${code}": see "glas service list".`);
    return service;
  }

  async function figures(query: SummaryQuery) {
    const period = resolvePeriod(query, deps.timeZone, now());
    if (deps.closedPeriodsOnly) refuseOpen(period, now(), "The summary covers");
    const service = await serviceByCode(query.service);
    return { period, service, summary: await computeSummary(store, { period, service, minCell: deps.minCell }) };
  }

  async function audited(period: string, service: Service | null): Promise<void> {
    const scope = { service: service?.code ?? null, locality: service?.locality ?? null, period };
    await recordAudit(store, deps.who, "summary.asked", scope, now());
  }

  return {
    async addService(input) {
      if (input.survey && !(await store.surveys.latest(input.survey))) {
        throw new OperationError("not-found", `No survey "${input.survey}": import it first with "glas survey import FILE".`);
      }
      try {
        const added = await store.services.add({
          code: input.code,
          name: input.name,
          locality: input.locality,
          surveySlug: input.survey,
        });
        return { code: added.code, name: added.name, locality: added.locality, survey: added.surveySlug };
      } catch (err) {
        if (err instanceof ConflictError) throw new OperationError("conflict", err.message, { cause: err });
        throw err;
      }
    },

    async listServices() {
      return (await store.services.list()).map((s) => ({
        code: s.code,
        name: s.name,
        locality: s.locality,
        survey: s.surveySlug,
      }));
    },

    async importSurvey(data) {
      const result = await importSurvey(store, data);
      if (result.type === "invalid")
        return { type: "invalid", errors: result.errors.map((e) => ({ path: e.path, message: e.message })) };
      const { definition, version } = result.survey;
      return { type: "imported", slug: definition.slug, version, created: result.created };
    },

    listSurveys: () => store.surveys.list(),

    async invite(input) {
      try {
        const invite = await issueInvite(store, input, now());
        return {
          code: invite.code,
          role: invite.role,
          service: invite.service ? { code: invite.service.code, name: invite.service.name } : null,
          locality: invite.locality,
          expiresAt: invite.expiresAt.toISOString(),
        };
      } catch (err) {
        if (err instanceof InviteError) throw new OperationError("invalid", err.message, { cause: err });
        throw err;
      }
    },

    async listStaff() {
      return (await store.staff.list()).map((m) => ({
        id: m.id,
        role: m.role,
        service: m.service,
        locality: m.locality,
        channel: m.channel,
        since: m.createdAt.toISOString(),
        revokedAt: m.revokedAt ? m.revokedAt.toISOString() : null,
      }));
    },

    revokeStaff: (id) => revokeStaff(store, id, now(), deps.who),

    async summary(query) {
      const { period, service, summary } = await figures(query);
      await audited(period.key, service);
      const text = summaryText(summary, query.lang ?? deps.defaultLocale, t);
      return { periodKey: period.key, text, figures: summaryJson(summary) };
    },

    async summaryFile(query, kind) {
      if (!deps.attachments) throw new OperationError("unavailable", "This deployment draws no charts or workbooks.");
      const { summary } = await figures(query);
      const { chartPng, workbook } = await deps.attachments(summary, query.lang ?? deps.defaultLocale);
      return kind === "chart" ? chartPng : workbook;
    },

    async sendSummary(query) {
      const period = resolvePeriod(query, deps.timeZone, now());
      refuseOpen(period, now(), "--send delivers");
      const service = await serviceByCode(query.service);
      await audited(period.key, service);
      return { periodKey: period.key, recipients: await deps.sendToDirectorate({ period, service }, crypto.randomUUID()) };
    },

    async exportAnswers(query, onRow = () => {}) {
      const locale = query.lang ?? deps.defaultLocale;
      const from = query.from === undefined ? undefined : parseBound(query.from, "from", deps.timeZone);
      const to = query.to === undefined ? undefined : parseBound(query.to, "to", deps.timeZone);
      if (from && to && from >= to) throw new OperationError("invalid", "--from must come before --to");
      let table: AnswerTable;
      try {
        table = await answerTable(store, {
          survey: query.survey,
          locale,
          timeZone: deps.timeZone,
          ...(from && { from }),
          ...(to && { to }),
          ...(query.service !== undefined && { serviceCode: query.service }),
        });
      } catch (err) {
        if (err instanceof UnknownSurveyError) {
          throw new OperationError("not-found", t(locale, "export.error.unknownSurvey", { slug: query.survey }), { cause: err });
        }
        if (err instanceof UnknownServiceError) {
          throw new OperationError("not-found", t(locale, "export.error.unknownService", { code: query.service ?? "" }), {
            cause: err,
          });
        }
        throw err;
      }
      const period = query.from || query.to ? `${query.from ?? ""}..${query.to ?? ""}` : null;
      const detail = `survey ${query.survey}, ${query.format}`;
      await recordAudit(store, deps.who, "export", { service: query.service ?? null, period, detail }, now());
      const body = await deps.exportFile(table, query.format, t(locale, "export.sheet"), onRow);
      return { rows: table.total, body };
    },

    async close() {
      await store.close();
    },
  };
}
