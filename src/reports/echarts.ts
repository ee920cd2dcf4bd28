import { BarChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, VisualMapComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

/**
 * The part of echarts Glas draws with: server-side SVG (no DOM, Node and Workers alike) of the
 * summary's chart and the web pages' charts. In a module of its own, which imports nothing of
 * Glas, so that the Node build keeps echarts in a file apart, read with the first chart.
 */
use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** An echarts instance that renders to an SVG string; dispose of it when done. */
export function svgChart(width: number, height: number) {
  return init(null, null, { renderer: "svg", ssr: true, width, height });
}
