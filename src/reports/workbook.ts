import ExcelJS from "exceljs";
import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import type { WorkbookWriter } from "./build.ts";
import { type CountCell, PROTECTED_LABEL, smallLabel } from "./disclosure.ts";
import { formats } from "./format.ts";
import { ARROWS, RIGHTS_INDICATORS, type Trend } from "./indicators.ts";
import type { BreakdownRow, Figure, Summary } from "./summary.ts";

/**
 * The directorate's indicator database as an .xlsx workbook: Summary, Indicators by service,
 * Indicators by locality, Ranking. Only figures that passed the disclosure step, never a row per
 * response (`glas export` on the server gives those to the operator). Frozen header rows,
 * filters, number and percentage formats, widths that fit; a hidden cell is the text "<5", or
 * "x" where it is hidden so that a smaller one cannot be worked out.
 *
 * One module for Node and Workers: a few small sheets are built in memory and written with
 * `writeBuffer()` (JSZip), which runs in workerd as it does on Node (exceljs's streaming writer
 * needs Node streams; wrangler bundles exceljs's browser build, which has none). The answer export,
 * which can be a million rows, streams on Node (`export-xlsx.node.ts`).
 */

const PERCENT = "0%";
const POINTS = "+0.0;-0.0;0.0";
const DECIMAL = "0.0";
const INTEGER = "0";
const SIGNED = "+0;-0;0";
const WIDTH_MIN = 6;
const WIDTH_MAX = 60;
/** Excel's limit on a sheet name. */
const SHEET_NAME_MAX = 31;

type Value = string | number | Date | null;
type Column = { header: string; format?: string };

export function createWorkbookWriter(deps: { t: Translate }): WorkbookWriter {
  return async (summary, locale) => {
    const { t } = deps;
    const workbook = new ExcelJS.Workbook();
    const ctx = { t, locale, summary };

    summarySheet(workbook, ctx);
    breakdownSheet(workbook, ctx, t(locale, "summary.sheet.by_service"), summary.byService, "service");
    breakdownSheet(workbook, ctx, t(locale, "summary.sheet.by_locality"), summary.byLocality, "locality");
    rankingSheet(workbook, ctx);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  };
}

type Context = { t: Translate; locale: Locale; summary: Summary };

/** A figure's cell: its value, nothing for "no answers", or the hidden label. */
const figure = (cell: Figure): Value => (cell.type === "shown" ? cell.value : cell.type === "hidden" ? cell.label : null);
const count = (cell: CountCell): Value => (cell.type === "shown" ? cell.n : cell.label);

/** A sheet written whole: frozen header, filter, formats, widths from the longest value. */
function table(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Value[][]): void {
  const sheet = workbook.addWorksheet(name.slice(0, SHEET_NAME_MAX), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    width: widthFor([c.header, ...rows.map((r) => display(r[i] ?? null, c.format))]),
    ...(c.format && { style: { numFmt: c.format } }),
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  for (const values of rows) {
    const row = sheet.addRow(values);
    // Text in a number column is a hidden cell ("<5"): right-aligned like the numbers around it.
    values.forEach((v, i) => {
      if (typeof v === "string" && columns[i]?.format) row.getCell(i + 1).alignment = { horizontal: "right" };
    });
  }
}

function summarySheet(workbook: ExcelJS.Workbook, ctx: Context): void {
  const { t, locale, summary } = ctx;
  const f = formats(locale);
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const arrow = (trend: Trend | null) => (trend ? ARROWS[trend] : null);
  const change = (now: Figure, before: Figure) =>
    now.type === "shown" && before.type === "shown" ? (now.value - before.value) * 100 : null;
  type Line = { cells: Value[]; format?: string };
  const line = (label: string, format: string, now: Value, before: Value, delta: Value, trend: string | null): Line => ({
    cells: [label, now, before, delta, trend],
    format,
  });
  const share = (label: string, l: { current: Figure; previous: Figure; trend: Trend | null }) =>
    line(label, PERCENT, figure(l.current), figure(l.previous), change(l.current, l.previous), arrow(l.trend));
  const rows: Line[] = [
    { cells: [t(locale, "summary.workbook.period"), f.period(summary.period), f.period(summary.previous)] },
    { cells: [t(locale, "summary.workbook.scope"), summary.service?.name ?? t(locale, "summary.scope.all")] },
    line(
      t(locale, "summary.workbook.responses"),
      INTEGER,
      count(summary.responses.current),
      count(summary.responses.previous),
      summary.responses.change,
      null,
    ),
    share(t(locale, "summary.workbook.satisfaction"), summary.satisfaction),
    line(t(locale, "summary.workbook.mean"), DECIMAL, figure(summary.mean.current), figure(summary.mean.previous), null, null),
    line(t(locale, "summary.workbook.nps"), SIGNED, figure(summary.nps.current), figure(summary.nps.previous), null, null),
    ...summary.rights.map((r) => share(t(locale, `summary.indicator.${r.code}`), r)),
    share(col("index"), summary.index),
  ];
  const sheet = workbook.addWorksheet(t(locale, "summary.sheet.summary").slice(0, SHEET_NAME_MAX), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const headers = [col("figure"), col("current"), col("previous"), col("change"), col("trend")];
  sheet.columns = headers.map((h, i) => ({ width: widthFor([h, ...rows.map((r) => display(r.cells[i] ?? null, r.format))]) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  for (const { cells, format } of rows) {
    const row = sheet.addRow(cells);
    if (format) {
      for (const c of [1, 2]) {
        if (typeof cells[c] === "number") row.getCell(c + 1).numFmt = format;
        else if (typeof cells[c] === "string") row.getCell(c + 1).alignment = { horizontal: "right" };
      }
      if (typeof cells[3] === "number") row.getCell(4).numFmt = format === INTEGER ? SIGNED : POINTS;
    }
  }
  const note = sheet.addRow([
    t(locale, "summary.workbook.note", {
      min: summary.minCell,
      hidden: smallLabel(summary.minCell),
      protected: PROTECTED_LABEL,
      ranked: summary.rankingMinResponses,
    }),
  ]);
  note.font = { italic: true };
}

function breakdownSheet(
  workbook: ExcelJS.Workbook,
  ctx: Context,
  name: string,
  rows: BreakdownRow[],
  kind: "service" | "locality",
): void {
  const { t, locale, summary } = ctx;
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const head: Column[] =
    kind === "service"
      ? [{ header: col("code") }, { header: col("service") }, { header: col("locality") }]
      : [{ header: col("locality") }];
  const columns: Column[] = [
    ...head,
    { header: col("responses"), format: INTEGER },
    ...RIGHTS_INDICATORS.map((code) => ({ header: t(locale, `summary.indicator.${code}`), format: PERCENT })),
    { header: col("satisfaction"), format: PERCENT },
    { header: col("mean"), format: DECIMAL },
    { header: col("nps"), format: SIGNED },
    { header: col("index"), format: PERCENT },
  ];
  const none = t(locale, kind === "service" ? "summary.no_service" : "summary.no_locality");
  const values = (r: BreakdownRow): Value[] => [
    count(r.responses),
    ...RIGHTS_INDICATORS.map((code) => figure(r.rights[code])),
    figure(r.satisfaction),
    figure(r.mean),
    figure(r.nps),
    figure(r.index),
  ];
  const data: Value[][] = rows.map((r) => [
    ...(kind === "service" ? [r.code, r.name ?? none, r.locality] : [r.name ?? none]),
    ...values(r),
  ]);
  const total = t(locale, "summary.workbook.total");
  data.push([...(kind === "service" ? [null, total, null] : [total]), ...values(summary.total)]);
  table(workbook, name, columns, data);
}

function rankingSheet(workbook: ExcelJS.Workbook, ctx: Context): void {
  const { t, locale, summary } = ctx;
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const columns: Column[] = [
    { header: col("rank"), format: INTEGER },
    { header: col("code") },
    { header: col("service") },
    { header: col("responses"), format: INTEGER },
    { header: col("index"), format: PERCENT },
    { header: col("low"), format: PERCENT },
    { header: col("high"), format: PERCENT },
    { header: col("status") },
  ];
  const rows = summary.ranking.map((e): Value[] =>
    e.type === "ranked"
      ? [e.rank, e.code, e.name, count(e.responses), e.share, e.low, e.high, t(locale, "summary.ranking.ranked")]
      : [null, e.code, e.name, count(e.responses), null, null, null, t(locale, "summary.ranking.insufficient")],
  );
  table(workbook, t(locale, "summary.sheet.ranking"), columns, rows);
}

/** How a value reads in its cell, to size the column. */
function display(value: Value, format: string | undefined): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (format === PERCENT) return `${Math.round(value * 100)}%`;
    if (format === DECIMAL || format === POINTS) return `+${value.toFixed(1)}`;
    return String(Math.round(value));
  }
  return String(value);
}

function widthFor(texts: string[]): number {
  const longest = Math.max(0, ...texts.map((s) => s.length));
  return Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, longest + 2));
}
