import { type IntervalRow, intervalChart } from "../charts.ts";
import type { View } from "../view.ts";
import { Chart } from "./common.tsx";

/**
 * The ranking as a chart (each service's index with its interval), or the notice that no
 * service has the `min` responses a rank needs: the dashboard's services page and the public one.
 */
export function RankingChart(props: { view: View; rows: IntervalRow[]; min: number }) {
  const { view } = props;
  return props.rows.length > 0 ? (
    <Chart svg={intervalChart(props.rows, { label: view.t("web.services.chartLabel"), percent: view.f.percent })} />
  ) : (
    <p class="notice">{view.t("web.services.noneRanked", { min: props.min })}</p>
  );
}
