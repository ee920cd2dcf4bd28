import type { CountCell } from "../reports/disclosure.ts";
import type { Period } from "../reports/periods.ts";
import type { Figure, Summary } from "../reports/summary.ts";
import type { PublicNote, Service, Store } from "../store/ports.ts";
import { type FigureDeps, summaryOf } from "./figures.ts";
import { publishedPeriods } from "./periods.ts";

/** One service's published figures for one period. */
export type PublishedService = {
  service: Service;
  responses: CountCell;
  index: Figure;
  satisfaction: Figure;
  /** Null: not ranked (too few answers). */
  rank: { rank: number; low: number; high: number } | null;
  note: string | null;
};

export type PublishedPeriod = { period: Period; minCell: number; rankingMin: number; services: PublishedService[] };

/** The last closed quarter and year, per service, with the directorate's notes; every figure from the summary. */
export async function publishedResults(
  deps: FigureDeps & { store: Store },
  now: Date,
  timeZone: string,
): Promise<PublishedPeriod[]> {
  const { quarter, year } = publishedPeriods(now, timeZone);
  const [services, notes, ...summaries] = await Promise.all([
    deps.store.services.list(),
    deps.store.web.notes([quarter.key, year.key]),
    summaryOf(deps, quarter),
    summaryOf(deps, year),
  ]);
  return [quarter, year].map((period, i) => publish(period, summaries[i] as Summary, services, notes));
}

function publish(period: Period, summary: Summary, services: Service[], notes: PublicNote[]): PublishedPeriod {
  const none: Figure = { type: "none" };
  const rows = services.map((service): PublishedService => {
    const row = summary.byService.find((r) => r.id === service.id);
    const ranked = summary.ranking.find((r) => r.id === service.id && r.type === "ranked");
    return {
      service,
      responses: row ? row.responses : { type: "shown", n: 0 },
      index: row?.index ?? none,
      satisfaction: row?.satisfaction ?? none,
      rank: ranked?.type === "ranked" ? { rank: ranked.rank, low: ranked.low, high: ranked.high } : null,
      note: notes.find((n) => n.serviceId === service.id && n.periodKey === period.key)?.text ?? null,
    };
  });
  rows.sort(
    (a, b) =>
      (a.rank?.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank?.rank ?? Number.MAX_SAFE_INTEGER) ||
      a.service.name.localeCompare(b.service.name),
  );
  return {
    period: { ...period, key: period.key },
    minCell: summary.minCell,
    rankingMin: summary.rankingMinResponses,
    services: rows,
  };
}

/** Spreadsheet programs run a cell starting with these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180, every field quoted, formulas neutralised, CRLF, with a byte-order mark for Excel. */
export function toCsv(rows: (string | number)[][]): string {
  const field = (v: string | number) => {
    const text = String(v);
    const safe = FORMULA_START.test(text) ? `'${text}` : text;
    return `"${safe.replaceAll('"', '""')}"`;
  };
  return `\uFEFF${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`;
}

const percent = (cell: Figure) =>
  cell.type === "hidden" ? cell.label : cell.type === "none" ? "" : (Math.round(cell.value * 1000) / 10).toFixed(1);

/**
 * `GET /public/results.csv`: one row per period and service; shares in percent, hidden ones "<N".
 * No count of people is published (nothing to subtract a hidden one from), only shares and ranks.
 */
export function resultsCsv(periods: PublishedPeriod[], header: string[]): string {
  const rows: (string | number)[][] = [header];
  for (const p of periods) {
    for (const s of p.services) {
      rows.push([
        p.period.key,
        p.period.firstDay,
        p.period.lastDay,
        s.service.code,
        s.service.name,
        s.service.locality ?? "",
        percent(s.index),
        s.rank ? s.rank.rank : "",
        s.rank ? (Math.round(s.rank.low * 1000) / 10).toFixed(1) : "",
        s.rank ? (Math.round(s.rank.high * 1000) / 10).toFixed(1) : "",
        percent(s.satisfaction),
        s.note ?? "",
      ]);
    }
  }
  return toCsv(rows);
}
