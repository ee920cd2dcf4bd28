import { type Consultation, consultationResults } from "../reports/consultations.ts";
import type { CountCell } from "../reports/disclosure.ts";
import { RIGHTS_INDICATORS, type Trend, trendOf } from "../reports/indicators.ts";
import type { Period } from "../reports/periods.ts";
import {
  type BreakdownRow,
  computeSummary,
  type Figure,
  type FigureLine,
  type IndicatorLine,
  type RankingRow,
  type Summary,
} from "../reports/summary.ts";
import type { Service, StaffMember, Store } from "../store/ports.ts";

/**
 * The dashboard's figures. Every figure a page shows comes through here, from the summary the
 * chat and the workbook are made of (src/reports/summary.ts), so all three agree and pass the
 * same disclosure control; nothing here reads an answer row.
 */

/** What a staff member may see, as in the chat: the directorate everything, a social worker their scope. */
export type Scope =
  | { type: "all" }
  | { type: "service"; service: Service }
  | { type: "locality"; localityId: string; name: string; serviceIds: ReadonlySet<string> };

export async function scopeOf(store: Store, staff: StaffMember): Promise<Scope> {
  if (staff.role === "directorate") return { type: "all" };
  if (staff.serviceId) {
    const service = await store.services.byId(staff.serviceId);
    // A scope naming a service that no longer exists shows nothing rather than everything.
    return service ? { type: "service", service } : { type: "locality", localityId: "", name: "", serviceIds: new Set() };
  }
  if (staff.localityId) {
    const locality = await store.staff.localityById(staff.localityId);
    const services = (await store.services.list()).filter((s) => s.localityId === staff.localityId);
    return {
      type: "locality",
      localityId: staff.localityId,
      name: locality?.name ?? "",
      serviceIds: new Set(services.map((s) => s.id)),
    };
  }
  return { type: "all" };
}

export const inScope = (scope: Scope, serviceId: string | null): boolean =>
  scope.type === "all" ||
  (scope.type === "service" ? scope.service.id === serviceId : serviceId !== null && scope.serviceIds.has(serviceId));

export type FigureDeps = { store: Store; minCell: number };

/**
 * The summary of a closed period, for the whole district or one service: the one way figures
 * reach a page. It has passed the disclosure step (src/reports/disclosure.ts) already: a count or
 * share it hid holds no number, only its label.
 */
export function summaryOf(deps: FigureDeps, period: Period, service: Service | null = null): Promise<Summary> {
  return computeSummary(deps.store, { period, minCell: deps.minCell, ...(service ? { service } : {}) });
}

/** The summary a scope reads: one service's own, or the district's (filtered to the scope where shown). */
export function scopedSummary(deps: FigureDeps, period: Period, scope: Scope): Promise<Summary> {
  return summaryOf(deps, period, scope.type === "service" ? scope.service : null);
}

export type Overview = {
  minCell: number;
  responses: { current: CountCell; previous: CountCell };
  satisfaction: FigureLine;
  mean: Figure;
  nps: Figure;
  rights: IndicatorLine[];
  index: FigureLine;
};

const NONE: Figure = { type: "none" };
const NOBODY: CountCell = { type: "shown", n: 0 };

/** ↑ ↓ → between two shown shares; none where either is hidden or empty. */
function trendBetween(now: Figure, then: Figure): Trend | null {
  if (now.type !== "shown" || then.type !== "shown") return null;
  return trendOf({ answers: 1, positive: 0, share: now.value }, { answers: 1, positive: 0, share: then.value }, 0);
}

const line = (now: Figure | undefined, then: Figure | undefined): FigureLine => ({
  current: now ?? NONE,
  previous: then ?? NONE,
  trend: trendBetween(now ?? NONE, then ?? NONE),
});

/** The overview's figures: the summary's totals, or a locality's row (against the period before) for a locality's worker. */
export async function overviewOf(deps: FigureDeps, summary: Summary, scope: Scope): Promise<Overview> {
  const { minCell } = summary;
  if (scope.type !== "locality") {
    return {
      minCell,
      responses: { current: summary.responses.current, previous: summary.responses.previous },
      satisfaction: summary.satisfaction,
      mean: summary.mean.current,
      nps: summary.nps.current,
      rights: summary.rights,
      index: summary.index,
    };
  }
  const before = await summaryOf(deps, summary.previous);
  const row = summary.byLocality.find((r) => r.id === scope.localityId);
  const prior = before.byLocality.find((r) => r.id === scope.localityId);
  return {
    minCell,
    responses: { current: row?.responses ?? NOBODY, previous: prior?.responses ?? NOBODY },
    satisfaction: line(row?.satisfaction, prior?.satisfaction),
    mean: row?.mean ?? NONE,
    nps: row?.nps ?? NONE,
    rights: RIGHTS_INDICATORS.map((code) => ({ code, ...line(row?.rights[code], prior?.rights[code]) })),
    index: line(row?.index, prior?.index),
  };
}

export const servicesIn = (summary: Summary, scope: Scope): BreakdownRow[] =>
  summary.byService.filter((r) => r.id !== null && inScope(scope, r.id));

export const rankingIn = (summary: Summary, scope: Scope): RankingRow[] => summary.ranking.filter((r) => inScope(scope, r.id));

export const localitiesIn = (summary: Summary, scope: Scope): BreakdownRow[] =>
  scope.type === "locality" ? summary.byLocality.filter((r) => r.id === scope.localityId) : summary.byLocality;

/** Consultations closed in the period: everyone's for the directorate, a worker's own otherwise. */
export async function consultationsOf(
  deps: FigureDeps,
  period: Period,
  staff: StaffMember,
  minCell: number,
): Promise<Consultation[]> {
  const closed = await deps.store.reports.closedConsultations({ from: period.start, to: period.end });
  // Through the disclosure step: a leading choice is given only where its count and share are shown.
  const results = consultationResults(closed, minCell);
  if (staff.role === "directorate") return results;
  const own = new Set((await deps.store.consultations.recent(staff.id, 500)).map((c) => c.id));
  return results.filter((c) => own.has(c.id));
}

export type MonthFigures = { period: Period; responses: CountCell; index: Figure; satisfaction: Figure; minCell: number };

/** One service month by month: its own summary for each closed month. */
export async function serviceMonths(deps: FigureDeps, service: Service, months: Period[]): Promise<MonthFigures[]> {
  const summaries = await Promise.all(months.map((m) => summaryOf(deps, m, service)));
  return summaries.map((s) => {
    const row = s.byService.find((r) => r.id === service.id);
    return {
      period: s.period,
      minCell: s.minCell,
      responses: row?.responses ?? NOBODY,
      index: row?.index ?? NONE,
      satisfaction: row?.satisfaction ?? NONE,
    };
  });
}
