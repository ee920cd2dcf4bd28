import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import { PROTECTED_LABEL, smallLabel } from "./disclosure.ts";
import { svgChart } from "./echarts.ts";
import { formats } from "./format.ts";
import { RIGHTS_INDICATORS } from "./indicators.ts";
import type { BreakdownRow, Figure, Summary } from "./summary.ts";

/**
 * The chart sent with a summary: a heat table of the rights indicators (columns) per service
 * (rows), each cell the share of positive answers, hidden cells grey with "<N". Built as SVG
 * with echarts' server-side rendering (no DOM, so on Node and Workers alike); a `Rasterizer`
 * turns it into a PNG.
 */

/** Wide enough to stay sharp on a phone, where it is shown about 360 points wide. */
export const CHART_WIDTH = 1080;
/** The font the rasterizer is given; no system font is assumed. */
export const CHART_FONT = "DejaVu Sans";

const ROW_HEIGHT = 66;
/** Title, subtitle and the column names, slanted so that long names fit narrow columns. */
const HEADER = 290;
const FOOTER = 16;
const LEFT = 300;
const RIGHT = 64;
const NAME_MAX_CHARS = 24;
const COLUMN_LABEL_ANGLE = 35;
/** Bands of the share of positive answers, in percent, and their colours; grey for no figure. */
const BANDS = [
  { min: 0, max: 49.5, color: "#ec7063" },
  { min: 49.5, max: 64.5, color: "#f5b041" },
  { min: 64.5, max: 79.5, color: "#f7dc6f" },
  { min: 79.5, max: 89.5, color: "#82e0aa" },
  { min: 89.5, max: 100, color: "#2ecc71" },
];
const NO_FIGURE = -1;
const NO_FIGURE_COLOUR = "#d5d8dc";
const INK = "#1a1a1a";

/** SVG to PNG: resvg-js on Node (`rasterize.node.ts`), resvg-wasm on Workers (`rasterize.wasm.ts`). */
export type Rasterizer = (svg: string) => Promise<Uint8Array>;

type CellDatum = { value: [number, number, number]; label: string };

export function summaryChartSvg(summary: Summary, locale: Locale, t: Translate): string {
  const f = formats(locale);
  const hidden = smallLabel(summary.minCell);
  const rows = summary.byService.filter((r) => r.responses.type === "hidden" || r.responses.n > 0);
  const columns = [
    ...RIGHTS_INDICATORS.map((code) => ({
      label: t(locale, `summary.indicator_short.${code}`),
      cell: (r: BreakdownRow) => r.rights[code],
    })),
    { label: t(locale, "summary.column.index"), cell: (r: BreakdownRow) => r.index },
  ];
  const cells: CellDatum[] = [];
  for (const [y, row] of rows.entries()) {
    for (const [x, column] of columns.entries()) {
      const cell: Figure = column.cell(row);
      if (cell.type === "hidden") cells.push({ value: [x, y, NO_FIGURE], label: cell.label });
      else if (cell.type === "none") cells.push({ value: [x, y, NO_FIGURE], label: "–" });
      else cells.push({ value: [x, y, Math.round(cell.value * 100)], label: f.percent(cell.value) });
    }
  }
  const names = rows.map((r) => shorten(r.name ?? t(locale, "summary.no_service")));
  const height = HEADER + Math.max(rows.length, 1) * ROW_HEIGHT + FOOTER;

  const chart = svgChart(CHART_WIDTH, height);
  try {
    chart.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: CHART_FONT, color: INK },
      title: {
        text: t(locale, "summary.chart.title"),
        subtext: t(locale, "summary.chart.subtitle", { dates: f.period(summary.period), hidden, protected: PROTECTED_LABEL }),
        left: 24,
        top: 18,
        textStyle: { fontFamily: CHART_FONT, fontSize: 36, fontWeight: "bold", color: INK },
        subtextStyle: {
          fontFamily: CHART_FONT,
          fontSize: 22,
          lineHeight: 30,
          color: "#444444",
          width: CHART_WIDTH - 48,
          overflow: "break",
        },
      },
      grid: { left: LEFT, right: RIGHT, top: HEADER, bottom: FOOTER },
      xAxis: {
        type: "category",
        position: "top",
        data: columns.map((c) => c.label),
        axisLabel: { interval: 0, rotate: COLUMN_LABEL_ANGLE, fontFamily: CHART_FONT, fontSize: 21, color: INK, margin: 12 },
        axisTick: { show: false },
        axisLine: { show: false },
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: names,
        axisLabel: { fontFamily: CHART_FONT, fontSize: 22, color: INK, margin: 14 },
        axisTick: { show: false },
        axisLine: { show: false },
      },
      visualMap: {
        type: "piecewise",
        show: false,
        dimension: 2,
        pieces: [{ max: NO_FIGURE / 2, color: NO_FIGURE_COLOUR }, ...BANDS],
      },
      series: [
        {
          type: "heatmap",
          data: cells.map((d) => d.value),
          itemStyle: { borderColor: "#ffffff", borderWidth: 3 },
          label: {
            show: true,
            fontFamily: CHART_FONT,
            fontSize: 22,
            fontWeight: "bold",
            color: INK,
            formatter: (p: { dataIndex: number }) => cells[p.dataIndex]?.label ?? "",
          },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function shorten(name: string): string {
  return name.length > NAME_MAX_CHARS ? `${name.slice(0, NAME_MAX_CHARS - 1).trimEnd()}…` : name;
}
