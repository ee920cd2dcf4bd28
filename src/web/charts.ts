import { svgChart } from "../reports/echarts.ts";

/**
 * Charts for the web pages: echarts' server-side SVG (no DOM, Node and Workers alike), made
 * fit for a page whose Content-Security-Policy allows no inline style: style attributes
 * become SVG presentation attributes and echarts' hover stylesheet is dropped (nothing
 * hovers without script). The SVG scales to its container (viewBox), so a phone shows it whole.
 */

const INK = "#1a1a1a";
const GRID = "#d5d9e0";
const FONT = "system-ui, sans-serif";
/** A phone's width in the SVG's own units, so that on a phone text is drawn at its size; larger screens scale it up. */
const CHART_WIDTH = 380;
/** Points a text is drawn at in the SVG's own units; the chart is scaled to the screen. */
const FONT_SIZE = 13;

const STYLE_ATTRIBUTE = /\sstyle="([^"]*)"/g;
const PRESENTATION = new Set([
  "font-size",
  "font-family",
  "font-weight",
  "font-style",
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "opacity",
]);

/** Rewrites echarts' SVG for a page without inline styles, labelled for screen readers. */
export function cspSafeSvg(svg: string, label: string): string {
  const clean = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(STYLE_ATTRIBUTE, (_, css: string) =>
      css
        .split(";")
        .map((decl) => decl.split(":").map((s) => s.trim()))
        .filter(([name, value]) => name && value && PRESENTATION.has(name))
        .map(([name, value]) => ` ${name}="${(value ?? "").replaceAll('"', "'")}"`)
        .join(""),
    )
    .replace(/\s(width|height)="\d+(\.\d+)?"(?=[^<]*viewBox)/g, "")
    .replace(/\secmeta_[a-z_]+="[^"]*"/g, "");
  const title = label.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  return clean.replace(/^<svg\b/, `<svg role="img" aria-label="${title}"`);
}

function render(width: number, height: number, option: Record<string, unknown>, label: string): string {
  const chart = svgChart(width, height);
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: INK, fontSize: FONT_SIZE }, ...option });
    return cspSafeSvg(chart.renderToSVGString(), label);
  } finally {
    chart.dispose();
  }
}

export type IntervalRow = { name: string; share: number; low: number; high: number };

/**
 * Services ranked by their rights index: a dot for the index and a bar for its 95% interval,
 * one service a row (names on the left, as a phone reads them).
 */
export function intervalChart(rows: IntervalRow[], options: { label: string; percent(share: number): string }): string {
  const names = rows.map((r) => (r.name.length > 18 ? `${r.name.slice(0, 17)}…` : r.name));
  const pct = (n: number) => Math.round(n * 1000) / 10;
  return render(
    CHART_WIDTH,
    60 + rows.length * 36,
    {
      grid: { left: 118, right: 48, top: 16, bottom: 28 },
      xAxis: {
        type: "value",
        min: 0,
        max: 100,
        axisLabel: { formatter: "{value}%", color: INK },
        splitLine: { lineStyle: { color: GRID } },
      },
      yAxis: { type: "category", inverse: true, data: names, axisLabel: { color: INK }, axisTick: { show: false } },
      series: [
        { type: "bar", stack: "interval", silent: true, itemStyle: { color: "transparent" }, data: rows.map((r) => pct(r.low)) },
        {
          type: "bar",
          stack: "interval",
          barWidth: 10,
          itemStyle: { color: "#9cc3e6" },
          data: rows.map((r) => pct(r.high - r.low)),
        },
        {
          type: "scatter",
          symbolSize: 12,
          itemStyle: { color: "#0b3d6e" },
          label: {
            show: true,
            position: "right",
            distance: 8,
            color: INK,
            formatter: (p: { dataIndex: number }) => options.percent(rows[p.dataIndex]?.share ?? 0),
          },
          data: rows.map((r, i) => [pct(r.share), i]),
        },
      ],
    },
    options.label,
  );
}

export type TrendSeries = { name: string; color: string; values: (number | null)[] };

/** Shares month by month (gaps where a month has too few answers), as lines. */
export function trendChart(months: string[], series: TrendSeries[], label: string): string {
  return render(
    CHART_WIDTH,
    260,
    {
      legend: { top: 0, left: 0, orient: "vertical", itemGap: 6, textStyle: { color: INK } },
      grid: { left: 44, right: 12, top: 64, bottom: 32 },
      xAxis: { type: "category", data: months, axisLabel: { color: INK, interval: 1, fontSize: 11 } },
      yAxis: {
        type: "value",
        min: 0,
        max: 100,
        axisLabel: { formatter: "{value}%", color: INK },
        splitLine: { lineStyle: { color: GRID } },
      },
      series: series.map((s) => ({
        type: "line",
        name: s.name,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 3, color: s.color },
        itemStyle: { color: s.color },
        data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      })),
    },
    label,
  );
}

export type BarRow = { name: string; share: number | null; text: string };

/** One bar per rights indicator (a grey, empty bar where the figure is hidden). */
export function sharesChart(rows: BarRow[], label: string): string {
  return render(
    CHART_WIDTH,
    40 + rows.length * 34,
    {
      grid: { left: 96, right: 48, top: 8, bottom: 24 },
      xAxis: {
        type: "value",
        min: 0,
        max: 100,
        axisLabel: { formatter: "{value}%", color: INK },
        splitLine: { lineStyle: { color: GRID } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => r.name),
        axisLabel: { color: INK },
        axisTick: { show: false },
      },
      series: [
        {
          type: "bar",
          barWidth: 16,
          itemStyle: { color: "#1f7a4d" },
          label: {
            show: true,
            position: "right",
            color: INK,
            formatter: (p: { dataIndex: number }) => rows[p.dataIndex]?.text ?? "",
          },
          data: rows.map((r) => (r.share === null ? 0 : Math.round(r.share * 1000) / 10)),
        },
      ],
    },
    label,
  );
}
