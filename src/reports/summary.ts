import type { IndicatorCount, ResponseCount, Service, Store, StoredSurvey } from "../store/ports.ts";
import { type Consultation, consultationResults } from "./consultations.ts";
import { type FeedbackFigures, feedbackFigures } from "./feedback.ts";
import {
  isRightsIndicator,
  NPS,
  type NpsFigure,
  npsOf,
  type Proportion,
  proportion,
  RANKING_MIN_RESPONSES,
  RIGHTS_INDICATORS,
  type RightsIndicator,
  SATISFACTION,
  scoredQuestionsOf,
  type Trend,
  trendOf,
} from "./indicators.ts";
import { type Period, previousPeriod } from "./periods.ts";
import { type RankingEntry, rankServices } from "./ranking.ts";
import { isSmall, suppress } from "./suppression.ts";

/** A proportion as a breakdown shows it: hidden when it counts too few people. */
export type ShareCell = Proportion & { hidden: boolean };
export type Satisfaction = ShareCell & { mean: number | null };

/** One service's (or locality's) figures for the period. `id` null: responses credited to none. */
export type BreakdownRow = {
  id: string | null;
  code: string | null;
  name: string | null;
  locality: string | null;
  responses: { n: number; hidden: boolean };
  rights: Record<RightsIndicator, ShareCell>;
  satisfaction: Satisfaction;
  nps: NpsFigure & { hidden: boolean };
  /** The rights index: all rights answers pooled. */
  index: ShareCell;
};

export type IndicatorLine = { code: RightsIndicator; current: ShareCell; previous: Proportion; trend: Trend | null };

export type Mover = { id: string; code: string; name: string; current: number; previous: number; change: number; trend: Trend };

/**
 * Everything a summary shows, in no language yet: the text, the chart and the workbook are
 * each drawn from this, so they always agree.
 */
export type Summary = {
  period: Period;
  previous: Period;
  service: Service | null;
  /** The threshold used: MIN_CELL, or a surveys' higher `minCell` (children's surveys). */
  minCell: number;
  rankingMinResponses: number;
  /** Slugs of the surveys answered in the period, the most answered first. */
  surveys: string[];
  responses: { current: number; previous: number };
  satisfaction: { current: Satisfaction; previous: Satisfaction; trend: Trend | null };
  nps: { current: NpsFigure & { hidden: boolean }; previous: NpsFigure };
  rights: IndicatorLine[];
  index: { current: ShareCell; previous: Proportion; trend: Trend | null };
  byService: BreakdownRow[];
  byLocality: BreakdownRow[];
  ranking: RankingEntry[];
  movers: Mover[];
  consultations: Consultation[];
  /** Messages to the services received in the period (all services only; null for one service's). */
  feedback: FeedbackFigures | null;
};

export type SummaryOptions = {
  period: Period;
  /** Compare with this period (default: the one just before). */
  previous?: Period;
  /** One service only (default: all). */
  service?: Service | null;
  /** MIN_CELL from the configuration. */
  minCell: number;
};

/** How many services rose or fell most. */
export const MOVERS_SHOWN = 3;

/**
 * Reads the period's and the previous period's aggregates and turns them into the figures.
 * @example const summary = await computeSummary(store, { period: lastFullPeriod("week", now, tz), minCell: 5 });
 */
export async function computeSummary(store: Store, options: SummaryOptions): Promise<Summary> {
  const { period } = options;
  const previous = options.previous ?? previousPeriod(period);
  const serviceId = options.service?.id ?? null;
  const range = { from: period.start, to: period.end, serviceId };
  const before = { from: previous.start, to: previous.end, serviceId };

  const versions = await store.reports.surveyVersions();
  const scored = scoredQuestionsOf(versions);
  const [counts, countsBefore, answers, answersBefore, services, localities, closed] = await Promise.all([
    store.reports.responseCounts(range),
    store.reports.responseCounts(before),
    store.reports.indicatorCounts(range, scored),
    store.reports.indicatorCounts(before, scored),
    options.service ? Promise.resolve([options.service]) : store.services.list(),
    store.reports.localities(),
    options.service ? Promise.resolve([]) : store.reports.closedConsultations({ from: period.start, to: period.end }),
  ]);
  const feedbackFacts = options.service ? null : await store.feedback.facts({ from: period.start, to: period.end });

  const minCellOf = new Map(versions.map((v) => [v.versionId, v.definition.minCell ?? 0]));
  const minCell = Math.max(options.minCell, ...[...counts, ...countsBefore].map((c) => minCellOf.get(c.surveyVersionId) ?? 0));
  const rankingMinResponses = Math.max(minCell, RANKING_MIN_RESPONSES);

  const total = figures(answers, sumResponses(counts), minCell);
  const totalBefore = figures(answersBefore, sumResponses(countsBefore), minCell);

  // Rows for every service (a service with no answers this period is "not enough answers"),
  // and one for responses credited to no service, if any.
  const serviceRows: RowHead[] = services.map((s) => ({ id: s.id, code: s.code, name: s.name, locality: s.locality }));
  if (!options.service && counts.some((c) => c.serviceId === null)) {
    serviceRows.push({ id: null, code: null, name: null, locality: null });
  }
  const byService = breakdown(
    serviceRows,
    (row) =>
      figures(
        answers.filter((a) => a.serviceId === row.id),
        sumResponses(counts.filter((c) => c.serviceId === row.id)),
        minCell,
      ),
    minCell,
  );
  const localityRows: RowHead[] = localities
    .filter((l) => counts.some((c) => c.localityId === l.id) || !options.service)
    .map((l) => ({ id: l.id, code: null, name: l.name, locality: null }));
  if (counts.some((c) => c.localityId === null)) localityRows.push({ id: null, code: null, name: null, locality: null });
  const byLocality = breakdown(
    localityRows,
    (row) =>
      figures(
        answers.filter((a) => a.localityId === row.id),
        sumResponses(counts.filter((c) => c.localityId === row.id)),
        minCell,
      ),
    minCell,
    localityCellsToHide(localityRows, byService, counts, minCell),
  );

  const ranking = rankServices(
    byService
      .filter((r): r is BreakdownRow & { id: string; code: string; name: string } => r.id !== null)
      .map((r) => ({ id: r.id, code: r.code, name: r.name, responses: r.responses.n, index: r.index })),
    rankingMinResponses,
  );

  return {
    period,
    previous,
    service: options.service ?? null,
    minCell,
    rankingMinResponses,
    surveys: surveysAnswered(counts, versions),
    responses: { current: total.responses.n, previous: totalBefore.responses.n },
    satisfaction: {
      current: total.satisfaction,
      previous: totalBefore.satisfaction,
      trend: trendOf(total.satisfaction, totalBefore.satisfaction, minCell),
    },
    nps: { current: total.nps, previous: totalBefore.nps },
    rights: RIGHTS_INDICATORS.map((code) => ({
      code,
      current: total.rights[code],
      previous: totalBefore.rights[code],
      trend: trendOf(total.rights[code], totalBefore.rights[code], minCell),
    })),
    index: { current: total.index, previous: totalBefore.index, trend: trendOf(total.index, totalBefore.index, minCell) },
    byService,
    byLocality,
    ranking,
    movers: options.service ? [] : movers(ranking, answersBefore, countsBefore, rankingMinResponses),
    consultations: consultationResults(closed, minCell),
    feedback: feedbackFacts ? feedbackFigures(feedbackFacts, minCell) : null,
  };
}

function surveysAnswered(counts: ResponseCount[], versions: StoredSurvey[]): string[] {
  const slugOf = new Map(versions.map((v) => [v.versionId, v.definition.slug]));
  const bySlug = new Map<string, number>();
  for (const c of counts) {
    const slug = slugOf.get(c.surveyVersionId);
    if (slug) bySlug.set(slug, (bySlug.get(slug) ?? 0) + c.responses);
  }
  return [...bySlug.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([slug]) => slug);
}

const sumResponses = (counts: ResponseCount[]) => counts.reduce((s, c) => s + c.responses, 0);

type Figures = Omit<BreakdownRow, "id" | "code" | "name" | "locality">;

/** The figures of one slice of the aggregates; cells counting too few people are hidden. */
function figures(counts: IndicatorCount[], responses: number, minCell: number): Figures {
  const add = (codes: (c: string) => boolean) => {
    let answers = 0;
    let positive = 0;
    let detractors = 0;
    let sum = 0;
    for (const c of counts) {
      if (!codes(c.indicator)) continue;
      answers += c.answers;
      positive += c.positive;
      detractors += c.detractors;
      sum += c.sum;
    }
    return { answers, positive, detractors, sum };
  };
  const cell = (p: Proportion): ShareCell => ({ ...p, hidden: isSmall(p.answers, minCell) });
  const rights = Object.fromEntries(
    RIGHTS_INDICATORS.map((code) => {
      const a = add((c) => c === code);
      return [code, cell(proportion(a.answers, a.positive))];
    }),
  ) as Record<RightsIndicator, ShareCell>;
  const index = add(isRightsIndicator);
  const sat = add((c) => c === SATISFACTION);
  const nps = add((c) => c === NPS);
  return {
    responses: { n: responses, hidden: isSmall(responses, minCell) },
    rights,
    satisfaction: { ...cell(proportion(sat.answers, sat.positive)), mean: sat.answers > 0 ? sat.sum / sat.answers : null },
    nps: { ...npsOf(nps.answers, nps.positive, nps.detractors), hidden: isSmall(nps.answers, minCell) },
    index: cell(proportion(index.answers, index.positive)),
  };
}

type RowHead = Pick<BreakdownRow, "id" | "code" | "name" | "locality">;

type Column = (r: BreakdownRow) => { n: number; hidden: boolean; set(): void };

/** The columns of a breakdown: responses, the rights, satisfaction, NPS, the index. */
const COLUMNS: Column[] = [
  (r) => ({ n: r.responses.n, hidden: r.responses.hidden, set: () => (r.responses.hidden = true) }),
  ...RIGHTS_INDICATORS.map(
    (code): Column =>
      (r) => ({ n: r.rights[code].answers, hidden: r.rights[code].hidden, set: () => (r.rights[code].hidden = true) }),
  ),
  (r) => ({ n: r.satisfaction.answers, hidden: r.satisfaction.hidden, set: () => (r.satisfaction.hidden = true) }),
  (r) => ({ n: r.nps.answers, hidden: r.nps.hidden, set: () => (r.nps.hidden = true) }),
  (r) => ({ n: r.index.answers, hidden: r.index.hidden, set: () => (r.index.hidden = true) }),
];

/**
 * The rows of a breakdown, with complementary suppression down each column: the summary shows
 * every column's total, so a column must not hold exactly one hidden cell. `hide` names cells
 * to hide whatever their size (`hide[row][column]`).
 */
function breakdown(heads: RowHead[], of: (head: RowHead) => Figures, minCell: number, hide?: boolean[][]): BreakdownRow[] {
  const rows = heads.map((head) => ({ ...head, ...of(head) }));
  const { cells } = suppress(
    rows.map((r) => COLUMNS.map((col) => col(r).n)),
    { minCell, columnTotals: true, ...(hide ? { hidden: hide } : {}) },
  );
  for (const [i, r] of rows.entries()) {
    for (const [c, col] of COLUMNS.entries()) if (cells[i]?.[c]) col(r).set();
  }
  return rows;
}

/**
 * The locality cells that would give away a hidden service cell by subtraction: a locality
 * holding exactly one hidden service in a column (its figure minus the shown services' is the
 * hidden one), or several whose counts together are still too few.
 */
function localityCellsToHide(
  localities: RowHead[],
  services: BreakdownRow[],
  counts: ResponseCount[],
  minCell: number,
): boolean[][] {
  return localities.map((locality) => {
    const within = new Set(counts.filter((c) => c.localityId === locality.id).map((c) => c.serviceId));
    const nested = services.filter((s) => s.id !== null && within.has(s.id));
    return COLUMNS.map((col) => {
      const hidden = nested.map(col).filter((cell) => cell.hidden);
      if (hidden.length === 0) return false;
      return (
        hidden.length === 1 ||
        isSmall(
          hidden.reduce((sum, cell) => sum + cell.n, 0),
          minCell,
        )
      );
    });
  });
}

/** The services whose rights index rose or fell most, among those ranked in both periods. */
function movers(
  ranking: RankingEntry[],
  answersBefore: IndicatorCount[],
  countsBefore: ResponseCount[],
  minResponses: number,
): Mover[] {
  const out: Mover[] = [];
  for (const entry of ranking) {
    if (entry.type !== "ranked" || entry.id === null || entry.code === null) continue;
    const responsesBefore = sumResponses(countsBefore.filter((c) => c.serviceId === entry.id));
    const rights = answersBefore.filter((a) => a.serviceId === entry.id && isRightsIndicator(a.indicator));
    const before = proportion(
      rights.reduce((s, a) => s + a.answers, 0),
      rights.reduce((s, a) => s + a.positive, 0),
    );
    if (responsesBefore < minResponses || before.share === null) continue;
    const change = entry.share - before.share;
    if (Math.round(change * 1000) === 0) continue;
    out.push({
      id: entry.id,
      code: entry.code,
      name: entry.name,
      current: entry.share,
      previous: before.share,
      change,
      trend: trendOf(entry.index, before, 0) ?? "flat",
    });
  }
  return out.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name)).slice(0, MOVERS_SHOWN);
}
