import { type Consultation, consultationResults } from "../reports/consultations.ts";
import { disclose, isSmall, shareCell } from "../reports/disclosure.ts";
import { type Proportion, RIGHTS_INDICATORS, type RightsIndicator, type Trend, trendOf } from "../reports/indicators.ts";
import type { Period } from "../reports/periods.ts";
import type { RankingEntry } from "../reports/ranking.ts";
import { type BreakdownRow, computeSummary, type Satisfaction, type ShareCell, type Summary } from "../reports/summary.ts";
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

/** The summary of a closed period, for the whole district or one service: the one way figures reach a page. */
export async function summaryOf(deps: FigureDeps, period: Period, service: Service | null = null): Promise<Summary> {
  return protect(await computeSummary(deps.store, { period, minCell: deps.minCell, ...(service ? { service } : {}) }));
}

/**
 * The disclosure-control step (src/reports/disclosure.ts) over what a page shows of a summary:
 * the people counted per service, per locality and in all (tied by their sums), and the period
 * before's total. A share of fewer than MIN_CELL people is not shown, however many answers it
 * holds (one person answers six rights questions).
 */
/** The disclosure step's names for the period's total and the period before's. */
const TOTAL = "all";
const BEFORE = "all-before";

function protect(summary: Summary): Summary {
  const min = summary.minCell;
  const svc = (r: BreakdownRow) => `svc:${r.id ?? "none"}`;
  const loc = (r: BreakdownRow) => `loc:${r.id ?? "none"}`;
  const counts = [
    { key: TOTAL, n: summary.responses.current },
    { key: BEFORE, n: summary.responses.previous },
    ...summary.byService.map((r) => ({ key: svc(r), n: r.responses.n })),
    ...summary.byLocality.map((r) => ({ key: loc(r), n: r.responses.n })),
  ];
  const sumOf = (rows: BreakdownRow[]) => rows.reduce((s, r) => s + r.responses.n, 0);
  // Only sums that hold: a locality's people are its services' (matched by the locality's name).
  const sums = [
    { total: TOTAL, parts: summary.byService.map(svc), holds: sumOf(summary.byService) === summary.responses.current },
    { total: TOTAL, parts: summary.byLocality.map(loc), holds: sumOf(summary.byLocality) === summary.responses.current },
    ...summary.byLocality.map((l) => {
      const within = summary.byService.filter((r) => r.id !== null && (r.locality ?? null) === l.name);
      return { total: loc(l), parts: within.map(svc), holds: within.length > 0 && sumOf(within) === l.responses.n };
    }),
  ]
    .filter((x) => x.holds && x.parts.length > 0)
    .map(({ total, parts }) => ({ total, parts }));
  const disclosed = disclose({ minCell: min, counts, sums });

  const guardRow = (row: BreakdownRow, key: string) => {
    const base = disclosed.cell(key);
    const people = row.responses.n;
    row.responses.hidden = base.type === "hidden";
    // A share tells nothing of a count hidden only to protect another's: it needs enough people, not a shown count.
    const hide = (cell: ShareCell) => {
      if (shareCell(cell.share, people, min).type === "hidden") cell.hidden = true;
    };
    for (const code of RIGHTS_INDICATORS) hide(row.rights[code]);
    hide(row.satisfaction);
    hide(row.index);
    if (shareCell(row.nps.score, people, min).type === "hidden") row.nps.hidden = true;
  };
  for (const r of summary.byService) guardRow(r, svc(r));
  for (const r of summary.byLocality) guardRow(r, loc(r));
  const total = disclosed.cell(TOTAL);
  const people = summary.responses.current;
  const hideTotal = (cell: ShareCell) => {
    if (shareCell(cell.share, people, min, total).type === "hidden") cell.hidden = true;
  };
  for (const line of summary.rights) hideTotal(line.current);
  hideTotal(summary.satisfaction.current);
  hideTotal(summary.index.current);
  if (shareCell(summary.nps.current.score, people, min, total).type === "hidden") summary.nps.current.hidden = true;
  // Trends compare shares: none where either period's count is hidden.
  if (total.type === "hidden" || disclosed.isHidden(BEFORE)) {
    summary.satisfaction.trend = null;
    summary.index.trend = null;
    for (const line of summary.rights) line.trend = null;
  }
  hiddenTotals.set(summary, { current: total.type === "hidden", previous: disclosed.isHidden(BEFORE) });
  return summary;
}

/** Whether a summary's totals (this period's and the one before's) were hidden by `protect`. */
const hiddenTotals = new WeakMap<Summary, { current: boolean; previous: boolean }>();

/** The summary a scope reads: one service's own, or the district's (filtered to the scope where shown). */
export function scopedSummary(deps: FigureDeps, period: Period, scope: Scope): Promise<Summary> {
  return summaryOf(deps, period, scope.type === "service" ? scope.service : null);
}

export type Count = { n: number; hidden: boolean };

export type Overview = {
  minCell: number;
  responses: { current: Count; previous: Count };
  satisfaction: { current: Satisfaction; trend: Trend | null };
  nps: { score: number | null; hidden: boolean };
  rights: { code: RightsIndicator; current: ShareCell; previous: Proportion; trend: Trend | null }[];
  index: { current: ShareCell; trend: Trend | null };
};

const count = (n: number, minCell: number): Count => ({ n, hidden: isSmall(n, minCell) });

/** The overview's figures: the summary's totals, or a locality's row (against the period before) for a locality's worker. */
export async function overviewOf(deps: FigureDeps, summary: Summary, scope: Scope): Promise<Overview> {
  const { minCell } = summary;
  if (scope.type !== "locality") {
    return {
      minCell,
      responses: {
        current: {
          n: summary.responses.current,
          hidden: hiddenTotals.get(summary)?.current ?? isSmall(summary.responses.current, minCell),
        },
        previous: {
          n: summary.responses.previous,
          hidden: hiddenTotals.get(summary)?.previous ?? isSmall(summary.responses.previous, minCell),
        },
      },
      satisfaction: { current: summary.satisfaction.current, trend: summary.satisfaction.trend },
      nps: { score: summary.nps.current.score, hidden: summary.nps.current.hidden },
      rights: summary.rights,
      index: { current: summary.index.current, trend: summary.index.trend },
    };
  }
  const before = await summaryOf(deps, summary.previous);
  const row = summary.byLocality.find((r) => r.id === scope.localityId);
  const prior = before.byLocality.find((r) => r.id === scope.localityId);
  const empty = (): ShareCell => ({ answers: 0, positive: 0, share: null, hidden: false });
  const share = (cell: ShareCell | undefined): ShareCell => cell ?? empty();
  const comparable = (cell: ShareCell | undefined): Proportion =>
    cell && !cell.hidden ? cell : { answers: 0, positive: 0, share: null };
  return {
    minCell,
    responses: {
      current: row ? { n: row.responses.n, hidden: row.responses.hidden } : count(0, minCell),
      previous: prior ? { n: prior.responses.n, hidden: prior.responses.hidden } : count(0, minCell),
    },
    satisfaction: {
      current: row?.satisfaction ?? { ...empty(), mean: null },
      trend: trendOf(comparable(row?.satisfaction), comparable(prior?.satisfaction), minCell),
    },
    nps: { score: row?.nps.score ?? null, hidden: row?.nps.hidden ?? false },
    rights: RIGHTS_INDICATORS.map((code) => ({
      code,
      current: share(row?.rights[code]),
      previous: comparable(prior?.rights[code]),
      trend: trendOf(comparable(row?.rights[code]), comparable(prior?.rights[code]), minCell),
    })),
    index: { current: share(row?.index), trend: trendOf(comparable(row?.index), comparable(prior?.index), minCell) },
  };
}

export const servicesIn = (summary: Summary, scope: Scope): BreakdownRow[] =>
  summary.byService.filter((r) => r.id !== null && inScope(scope, r.id));

export const rankingIn = (summary: Summary, scope: Scope): RankingEntry[] => summary.ranking.filter((r) => inScope(scope, r.id));

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
  // Each result's leading share stands on its replies: shown only with at least MIN_CELL of them.
  const results = consultationResults(closed, minCell).map((c) => ({
    ...c,
    leading: c.leading.filter((l) => shareCell(l.share, c.replies, minCell).type === "shown"),
  }));
  if (staff.role === "directorate") return results;
  const own = new Set((await deps.store.consultations.recent(staff.id, 500)).map((c) => c.id));
  return results.filter((c) => own.has(c.id));
}

export type MonthFigures = { period: Period; responses: Count; index: ShareCell; satisfaction: Satisfaction; minCell: number };

/** One service month by month: its own summary for each closed month. */
export async function serviceMonths(deps: FigureDeps, service: Service, months: Period[]): Promise<MonthFigures[]> {
  const summaries = await Promise.all(months.map((m) => summaryOf(deps, m, service)));
  return summaries.map((s) => {
    const row = s.byService.find((r) => r.id === service.id);
    const none: ShareCell = { answers: 0, positive: 0, share: null, hidden: false };
    return {
      period: s.period,
      minCell: s.minCell,
      responses: row ? { n: row.responses.n, hidden: row.responses.hidden } : count(0, s.minCell),
      index: row?.index ?? none,
      satisfaction: row?.satisfaction ?? { ...none, mean: null },
    };
  });
}
