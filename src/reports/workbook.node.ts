import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import type { Store } from "../store/ports.ts";
import { type AnswerTable, answerTable } from "./answers.ts";
import type { WorkbookWriter } from "./build.ts";
import { formats } from "./format.ts";
import { ARROWS, type Proportion, RIGHTS_INDICATORS, type Trend } from "./indicators.ts";
import type { BreakdownRow, ShareCell, Summary } from "./summary.ts";
import { hiddenLabel } from "./suppression.ts";

/**
 * The directorate's indicator database as an .xlsx workbook: Summary, Indicators by service,
 * Indicators by locality, Ranking, and the anonymised answers of each survey answered in the
 * period. Frozen header rows, filters, number and percentage formats, widths that fit; a
 * hidden cell is the text "<5". Written with exceljs's streaming writer, so the answers sheet
 * of a long period does not sit in memory as cell objects.
 */

const PERCENT = "0%";
const POINTS = "+0.0;-0.0;0.0";
const DECIMAL = "0.0";
const INTEGER = "0";
const SIGNED = "+0;-0;0";
const DATE = "yyyy-mm-dd";
const WIDTH_MIN = 6;
const WIDTH_MAX = 60;
/** Excel's limit on a sheet name. */
const SHEET_NAME_MAX = 31;

type Value = string | number | Date | null;
type Column = { header: string; format?: string };

export function createWorkbookWriter(deps: { store: Store; t: Translate; timeZone: string }): WorkbookWriter {
  return async (summary, locale) => {
    const { t } = deps;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ctx = { t, locale, summary, hidden: hiddenLabel(summary.minCell) };

    summarySheet(workbook, ctx);
    breakdownSheet(workbook, ctx, t(locale, "summary.sheet.by_service"), summary.byService, "service");
    breakdownSheet(workbook, ctx, t(locale, "summary.sheet.by_locality"), summary.byLocality, "locality");
    rankingSheet(workbook, ctx);
    for (const [i, survey] of summary.surveys.entries()) {
      const table = await answerTable(deps.store, {
        survey,
        locale,
        from: summary.period.start,
        to: summary.period.end,
        timeZone: deps.timeZone,
        ...(summary.service && { serviceCode: summary.service.code }),
      });
      const name = t(locale, "summary.sheet.answers");
      await answersSheet(workbook, i === 0 ? name : `${name} ${i + 1}`, table);
    }
    await workbook.commit();
    return new Uint8Array(Buffer.concat(chunks));
  };
}

type Context = { t: Translate; locale: Locale; summary: Summary; hidden: string };

/** A sheet written whole: frozen header, filter, formats, widths from the longest value. */
function table(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[], rows: Value[][]): void {
  const sheet = workbook.addWorksheet(name.slice(0, SHEET_NAME_MAX), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    width: widthFor([c.header, ...rows.map((r) => display(r[i] ?? null, c.format))]),
    ...(c.format && { style: { numFmt: c.format } }),
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  header.commit();
  for (const values of rows) {
    const row = sheet.addRow(values);
    // Text in a number column is a hidden cell ("<5"): right-aligned like the numbers around it.
    values.forEach((v, i) => {
      if (typeof v === "string" && columns[i]?.format) row.getCell(i + 1).alignment = { horizontal: "right" };
    });
    row.commit();
  }
  sheet.commit();
}

function summarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, ctx: Context): void {
  const { t, locale, summary, hidden } = ctx;
  const f = formats(locale);
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const arrow = (trend: Trend | null) => (trend ? ARROWS[trend] : null);
  const share = (p: Proportion) => (p.share === null ? null : isHidden(p) ? hidden : p.share);
  const isHidden = (p: Proportion) => p.answers > 0 && p.answers < summary.minCell;
  const change = (now: Proportion, before: Proportion) =>
    now.share === null || before.share === null || isHidden(now) || isHidden(before) ? null : (now.share - before.share) * 100;
  type Line = { cells: Value[]; format?: string };
  const figure = (label: string, format: string, now: Value, before: Value, delta: Value, trend: string | null): Line => ({
    cells: [label, now, before, delta, trend],
    format,
  });
  const rows: Line[] = [
    { cells: [t(locale, "summary.workbook.period"), f.period(summary.period), f.period(summary.previous)] },
    { cells: [t(locale, "summary.workbook.scope"), summary.service?.name ?? t(locale, "summary.scope.all")] },
    figure(
      t(locale, "summary.workbook.responses"),
      INTEGER,
      summary.responses.current,
      summary.responses.previous,
      summary.responses.current - summary.responses.previous,
      null,
    ),
    figure(
      t(locale, "summary.workbook.satisfaction"),
      PERCENT,
      share(summary.satisfaction.current),
      share(summary.satisfaction.previous),
      change(summary.satisfaction.current, summary.satisfaction.previous),
      arrow(summary.satisfaction.trend),
    ),
    figure(
      t(locale, "summary.workbook.mean"),
      DECIMAL,
      summary.satisfaction.current.hidden ? hidden : summary.satisfaction.current.mean,
      isHidden(summary.satisfaction.previous) ? hidden : summary.satisfaction.previous.mean,
      null,
      null,
    ),
    figure(
      t(locale, "summary.workbook.nps"),
      SIGNED,
      summary.nps.current.hidden ? hidden : summary.nps.current.score,
      summary.nps.previous.answers > 0 && summary.nps.previous.answers < summary.minCell ? hidden : summary.nps.previous.score,
      null,
      null,
    ),
    ...summary.rights.map((r) =>
      figure(
        t(locale, `summary.indicator.${r.code}`),
        PERCENT,
        share(r.current),
        share(r.previous),
        change(r.current, r.previous),
        arrow(r.trend),
      ),
    ),
    figure(
      col("index"),
      PERCENT,
      share(summary.index.current),
      share(summary.index.previous),
      change(summary.index.current, summary.index.previous),
      arrow(summary.index.trend),
    ),
  ];
  const sheet = workbook.addWorksheet(t(locale, "summary.sheet.summary").slice(0, SHEET_NAME_MAX), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const headers = [col("figure"), col("current"), col("previous"), col("change"), col("trend")];
  sheet.columns = headers.map((h, i) => ({ width: widthFor([h, ...rows.map((r) => display(r.cells[i] ?? null, r.format))]) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.commit();
  for (const { cells, format } of rows) {
    const row = sheet.addRow(cells);
    if (format) {
      for (const c of [1, 2]) {
        if (typeof cells[c] === "number") row.getCell(c + 1).numFmt = format;
        else if (typeof cells[c] === "string") row.getCell(c + 1).alignment = { horizontal: "right" };
      }
      if (typeof cells[3] === "number") row.getCell(4).numFmt = format === INTEGER ? SIGNED : POINTS;
    }
    row.commit();
  }
  const note = sheet.addRow([
    t(locale, "summary.workbook.note", { min: summary.minCell, hidden, ranked: summary.rankingMinResponses }),
  ]);
  note.font = { italic: true };
  note.commit();
  sheet.commit();
}

function breakdownSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: Context,
  name: string,
  rows: BreakdownRow[],
  kind: "service" | "locality",
): void {
  const { t, locale, summary, hidden } = ctx;
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const cell = (c: ShareCell): Value => (c.hidden ? hidden : c.share);
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
    r.responses.hidden ? hidden : r.responses.n,
    ...RIGHTS_INDICATORS.map((code) => cell(r.rights[code])),
    cell(r.satisfaction),
    r.satisfaction.hidden ? hidden : r.satisfaction.mean,
    r.nps.hidden ? hidden : r.nps.score,
    cell(r.index),
  ];
  const data: Value[][] = rows.map((r) => [
    ...(kind === "service" ? [r.code, r.name ?? none, r.locality] : [r.name ?? none]),
    ...values(r),
  ]);
  const total: BreakdownRow = {
    id: null,
    code: null,
    name: t(locale, "summary.workbook.total"),
    locality: null,
    responses: { n: summary.responses.current, hidden: false },
    rights: Object.fromEntries(summary.rights.map((r) => [r.code, r.current])) as BreakdownRow["rights"],
    satisfaction: summary.satisfaction.current,
    nps: summary.nps.current,
    index: summary.index.current,
  };
  data.push([...(kind === "service" ? [null, total.name, null] : [total.name]), ...values(total)]);
  table(workbook, name, columns, data);
}

function rankingSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, ctx: Context): void {
  const { t, locale, summary, hidden } = ctx;
  const col = (key: string) => t(locale, `summary.column.${key}`);
  const responses = new Map(summary.byService.map((r) => [r.id, r.responses]));
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
  const rows = summary.ranking.map((e): Value[] => {
    const n = responses.get(e.id);
    const count = n?.hidden ? hidden : e.responses;
    return e.type === "ranked"
      ? [e.rank, e.code, e.name, count, e.share, e.low, e.high, t(locale, "summary.ranking.ranked")]
      : [null, e.code, e.name, count, null, null, null, t(locale, "summary.ranking.insufficient")];
  });
  table(workbook, t(locale, "summary.sheet.ranking"), columns, rows);
}

async function answersSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, answers: AnswerTable): Promise<void> {
  const sheet = workbook.addWorksheet(name.slice(0, SHEET_NAME_MAX), { views: [{ state: "frozen", ySplit: 1 }] });
  // Widths from the header alone: the rows stream past and are not kept.
  sheet.columns = answers.header.map((header, i) => {
    const type = answers.types[i] ?? "text";
    const longestWord = Math.max(...header.split(/\s+/).map((w) => w.length));
    const width =
      type === "date" ? 12 : Math.min(type === "number" ? 14 : 40, Math.max(8, longestWord + 2, Math.ceil(header.length / 3)));
    return { width, ...(type === "date" && { style: { numFmt: DATE } }) };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: answers.header.length } };
  const header = sheet.addRow(answers.header);
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  header.commit();
  const dates = answers.types.flatMap((type, i) => (type === "date" ? [i] : []));
  for await (const cells of answers.rows) {
    const values: Value[] = [...cells];
    for (const i of dates) {
      const text = cells[i];
      // A local day ("2026-11-18"), stored as Excel's zone-less date.
      if (typeof text === "string") values[i] = new Date(`${text}T00:00:00Z`);
    }
    sheet.addRow(values).commit();
  }
  sheet.commit();
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
