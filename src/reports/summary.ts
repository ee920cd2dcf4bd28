import type { Service, Store, StoredSurvey } from "../store/ports.ts";
import type { AuditInput } from "./audit.ts";
import {
  ALL,
  type BreakdownRow,
  type ColumnKey,
  deliveredFigures,
  type Figure,
  mergeFigures,
  type PeriodData,
  type PeriodFigures,
  periodFigures,
  type RawRow,
  type RowHead,
  serviceKey,
} from "./breakdown.ts";
import { type Consultation, consultationResults } from "./consultations.ts";
import type { CountCell } from "./disclosure.ts";
import { type FeedbackFigures, feedbackFigures } from "./feedback.ts";
import {
  isRightsIndicator,
  RANKING_MIN_RESPONSES,
  RIGHTS_INDICATORS,
  type RightsIndicator,
  SATISFACTION,
  scoredQuestionsOf,
  type Trend,
  trendOf,
} from "./indicators.ts";
import { type Period, previousPeriod } from "./periods.ts";
import { rankServices } from "./ranking.ts";

export type { BreakdownRow, Figure } from "./breakdown.ts";

/** A figure of this period beside the one before, with ↑ ↓ → where both are shown. */
export type FigureLine = { current: Figure; previous: Figure; trend: Trend | null };
export type IndicatorLine = FigureLine & { code: RightsIndicator };

export type Mover = { id: string; code: string; name: string; current: number; previous: number; change: number; trend: Trend };

/** A service in the ranking: ranked by its rights index, or not (too few people, or its figures hidden). */
export type RankingRow = { id: string; code: string; name: string; responses: CountCell } & (
  | { type: "ranked"; rank: number; share: number; low: number; high: number }
  | { type: "insufficient" }
);

/**
 * Everything a summary shows, in no language yet, and only what passed the disclosure step:
 * the text, the chart and the workbook are each drawn from this, so they always agree, and
 * none can show a figure the step hid (a hidden cell holds no number).
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
  /** People who completed a questionnaire; `change` only where both periods are shown. */
  responses: { current: CountCell; previous: CountCell; change: number | null };
  /** The scope's own row: everyone's, or the one service's. */
  total: BreakdownRow;
  satisfaction: FigureLine;
  mean: { current: Figure; previous: Figure };
  nps: { current: Figure; previous: Figure };
  rights: IndicatorLine[];
  index: FigureLine;
  byService: BreakdownRow[];
  byLocality: BreakdownRow[];
  ranking: RankingRow[];
  movers: Mover[];
  consultations: Consultation[];
  /** Messages to the services received in the period (all services only; null for one service's). */
  feedback: FeedbackFigures | null;
  /** Everything the summary's text, chart and workbook show, for the auditor (`audit.ts`). */
  disclosure: AuditInput;
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
 * Reads the period's and the previous period's aggregates and passes them through the
 * disclosure step. The whole district is always protected as one set of tables, and a summary
 * of one service shows that service's row of it: asking for one service shows nothing that the
 * district's summary hid, so the two cannot be set against each other.
 * @example const summary = await computeSummary(store, { period: lastFullPeriod("week", now, tz), minCell: 5 });
 */
export async function computeSummary(store: Store, options: SummaryOptions): Promise<Summary> {
  const { period } = options;
  const previous = options.previous ?? previousPeriod(period);
  const range = { from: period.start, to: period.end };
  const before = { from: previous.start, to: previous.end };

  const versions = await store.reports.surveyVersions();
  const scored = scoredQuestionsOf(versions);
  const rights = scored.filter((q) => isRightsIndicator(q.indicator));
  const read = async (r: typeof range): Promise<PeriodData> => {
    const [counts, answers, pooled] = await Promise.all([
      store.reports.responseCounts(r),
      store.reports.indicatorCounts(r, scored),
      store.reports.pooledCounts(r, rights),
    ]);
    return { counts, answers, pooled };
  };
  const [now, then, services, localities, closed] = await Promise.all([
    read(range),
    read(before),
    store.services.list(),
    store.reports.localities(),
    options.service ? Promise.resolve([]) : store.reports.closedConsultations(range),
  ]);
  const feedbackFacts = options.service ? null : await store.feedback.facts({ from: period.start, to: period.end });

  const minCellOf = new Map(versions.map((v) => [v.versionId, v.definition.minCell ?? 0]));
  const minCell = Math.max(options.minCell, ...[...now.counts, ...then.counts].map((c) => minCellOf.get(c.surveyVersionId) ?? 0));
  const rankingMinResponses = Math.max(minCell, RANKING_MIN_RESPONSES);

  // Rows for every service and locality, and one for responses credited to none, if any.
  const serviceRows: RowHead[] = services.map((s) => ({ id: s.id, code: s.code, name: s.name, locality: s.locality }));
  const localityRows: RowHead[] = localities.map((l) => ({ id: l.id, code: null, name: l.name, locality: null }));
  const none: RowHead = { id: null, code: null, name: null, locality: null };
  const counted = [...now.counts, ...then.counts];
  if (counted.some((c) => c.serviceId === null)) serviceRows.push(none);
  if (counted.some((c) => c.localityId === null)) localityRows.push(none);

  const current = periodFigures(now, serviceRows, localityRows, minCell);
  const past = periodFigures(then, serviceRows, localityRows, minCell);
  const scope = options.service ? serviceKey(options.service.id) : ALL;
  const pick = (f: PeriodFigures) =>
    options.service ? (f.services.find((r) => r.id === options.service?.id) as BreakdownRow) : f.all;
  const total = pick(current);
  const totalBefore = pick(past);
  const rawNow = current.raw.get(scope) as RawRow;
  const rawThen = past.raw.get(scope) as RawRow;

  const line = (column: Exclude<ColumnKey, "responses">, now: Figure, then: Figure): FigureLine => ({
    current: now,
    previous: then,
    trend: now.type === "shown" && then.type === "shown" ? trendOf(rawNow[column], rawThen[column], 0) : null,
  });
  const byService = options.service ? [total] : current.services;
  const ranking = rankingOf(byService, current, rankingMinResponses);
  const movers = options.service ? [] : moversOf(ranking, past, rankingMinResponses);
  const consultations = consultationResults(closed, minCell);
  const moved = new Set(movers.map((m) => serviceKey(m.id)));
  const shownNow = (row: string) => !options.service || row === scope;
  const shownBefore = (row: string, column: ColumnKey) => row === scope || (column === "INDEX" && moved.has(row));

  return {
    period,
    previous,
    service: options.service ?? null,
    minCell,
    rankingMinResponses,
    surveys: surveysAnswered(now, versions),
    responses: {
      current: total.responses,
      previous: totalBefore.responses,
      change:
        total.responses.type === "shown" && totalBefore.responses.type === "shown"
          ? total.responses.n - totalBefore.responses.n
          : null,
    },
    total,
    satisfaction: line(SATISFACTION, total.satisfaction, totalBefore.satisfaction),
    mean: { current: total.mean, previous: totalBefore.mean },
    nps: { current: total.nps, previous: totalBefore.nps },
    rights: RIGHTS_INDICATORS.map((code) => ({ code, ...line(code, total.rights[code], totalBefore.rights[code]) })),
    index: line("INDEX", total.index, totalBefore.index),
    byService,
    byLocality: options.service ? [] : current.localities,
    ranking,
    feedback: feedbackFacts ? feedbackFigures(feedbackFacts, minCell) : null,
    movers,
    consultations,
    disclosure: mergeFigures(
      deliveredFigures(current, "current", shownNow),
      deliveredFigures(past, "previous", shownBefore),
      ...consultations.map((c) => c.audit),
    ),
  };
}

/**
 * The ranking (the competition for the best service): a service is ranked with at least
 * `minResponses` people and its index shown; its interval comes from the figures behind it.
 */
function rankingOf(rows: BreakdownRow[], figures: PeriodFigures, minResponses: number): RankingRow[] {
  const services = rows.filter((r): r is BreakdownRow & { id: string; code: string; name: string } => r.id !== null);
  const ranked = rankServices(
    services.map((r) => {
      const raw = figures.raw.get(serviceKey(r.id)) as RawRow;
      // A service whose figures are hidden is not ranked: its place would tell them.
      const shown = r.index.type === "shown" && r.responses.type === "shown";
      return { id: r.id, code: r.code, name: r.name, responses: shown ? raw.responses : 0, index: raw.INDEX };
    }),
    minResponses,
  );
  const responses = new Map(services.map((r) => [r.id, r.responses]));
  return ranked.map((e) => {
    const head = { id: e.id, code: e.code, name: e.name, responses: responses.get(e.id) as CountCell };
    return e.type === "ranked"
      ? { ...head, type: "ranked", rank: e.rank, share: e.share, low: e.low, high: e.high }
      : { ...head, type: "insufficient" };
  });
}

/** The services whose rights index rose or fell most, among those ranked and shown in both periods. */
function moversOf(ranking: RankingRow[], past: PeriodFigures, minResponses: number): Mover[] {
  const out: Mover[] = [];
  for (const entry of ranking) {
    if (entry.type !== "ranked") continue;
    const before = past.services.find((r) => r.id === entry.id);
    const raw = past.raw.get(serviceKey(entry.id));
    if (!before || !raw || before.index.type !== "shown" || raw.responses < minResponses) continue;
    const change = entry.share - before.index.value;
    if (Math.round(change * 1000) === 0) continue;
    out.push({
      id: entry.id,
      code: entry.code,
      name: entry.name,
      current: entry.share,
      previous: before.index.value,
      change,
      trend:
        trendOf({ answers: 1, positive: 0, share: entry.share }, { answers: 1, positive: 0, share: before.index.value }, 0) ??
        "flat",
    });
  }
  return out.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name)).slice(0, MOVERS_SHOWN);
}

function surveysAnswered({ counts }: PeriodData, versions: StoredSurvey[]): string[] {
  const slugOf = new Map(versions.map((v) => [v.versionId, v.definition.slug]));
  const bySlug = new Map<string, number>();
  for (const c of counts) {
    const slug = slugOf.get(c.surveyVersionId);
    if (slug) bySlug.set(slug, (bySlug.get(slug) ?? 0) + c.responses);
  }
  return [...bySlug.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([slug]) => slug);
}
