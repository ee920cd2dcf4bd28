import type { CountCell } from "./disclosure.ts";
import type { RightsIndicator } from "./indicators.ts";
import type { BreakdownRow, Figure, Summary } from "./summary.ts";

/**
 * A summary as JSON (the admin API; pages may use it too): only what passed the disclosure
 * step. A count is a number, or its hidden label ("<5", "x"); a share, mean or score is a number,
 * its hidden label, or null where nobody answered.
 */

export type JsonCount = number | string;
export type JsonFigure = number | string | null;

export type SummaryRowJson = {
  code: string | null;
  name: string | null;
  locality: string | null;
  responses: JsonCount;
  rights: Record<RightsIndicator, JsonFigure>;
  satisfaction: JsonFigure;
  mean: JsonFigure;
  nps: JsonFigure;
  index: JsonFigure;
};

export type SummaryJson = {
  period: { key: string; firstDay: string; lastDay: string };
  previous: { key: string; firstDay: string; lastDay: string };
  service: string | null;
  minCell: number;
  responses: { current: JsonCount; previous: JsonCount; change: number | null };
  total: SummaryRowJson;
  previousTotal: {
    satisfaction: JsonFigure;
    mean: JsonFigure;
    nps: JsonFigure;
    index: JsonFigure;
    rights: Record<RightsIndicator, JsonFigure>;
  };
  byService: SummaryRowJson[];
  byLocality: SummaryRowJson[];
};

export const countJson = (cell: CountCell): JsonCount => (cell.type === "shown" ? cell.n : cell.label);

export const figureJson = (cell: Figure): JsonFigure =>
  cell.type === "shown" ? Math.round(cell.value * 10_000) / 10_000 : cell.type === "hidden" ? cell.label : null;

function rowJson(r: BreakdownRow): SummaryRowJson {
  return {
    code: r.code,
    name: r.name,
    locality: r.locality,
    responses: countJson(r.responses),
    rights: Object.fromEntries(Object.entries(r.rights).map(([code, cell]) => [code, figureJson(cell)])) as Record<
      RightsIndicator,
      JsonFigure
    >,
    satisfaction: figureJson(r.satisfaction),
    mean: figureJson(r.mean),
    nps: figureJson(r.nps),
    index: figureJson(r.index),
  };
}

const periodJson = (p: Summary["period"]) => ({ key: p.key, firstDay: p.firstDay, lastDay: p.lastDay });

export function summaryJson(summary: Summary): SummaryJson {
  return {
    period: periodJson(summary.period),
    previous: periodJson(summary.previous),
    service: summary.service?.code ?? null,
    minCell: summary.minCell,
    responses: {
      current: countJson(summary.responses.current),
      previous: countJson(summary.responses.previous),
      change: summary.responses.change,
    },
    total: rowJson(summary.total),
    previousTotal: {
      satisfaction: figureJson(summary.satisfaction.previous),
      mean: figureJson(summary.mean.previous),
      nps: figureJson(summary.nps.previous),
      index: figureJson(summary.index.previous),
      rights: Object.fromEntries(summary.rights.map((r) => [r.code, figureJson(r.previous)])) as Record<
        RightsIndicator,
        JsonFigure
      >,
    },
    byService: summary.byService.map(rowJson),
    byLocality: summary.byLocality.map(rowJson),
  };
}
