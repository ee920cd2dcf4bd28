import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import type { Service, Store } from "../store/ports.ts";
import { type Rasterizer, summaryChartSvg } from "./chart.ts";
import type { Period } from "./periods.ts";
import { computeSummary, type Summary } from "./summary.ts";
import { summaryText } from "./text.ts";

/** Writes the summary's workbook (.xlsx bytes) in the reader's language. */
export type WorkbookWriter = (summary: Summary, locale: Locale) => Promise<Uint8Array>;

export type SummaryParts = { summary: Summary; text: string; chartPng: Uint8Array; workbook: Uint8Array };

export type SummaryBuilderDeps = {
  store: Store;
  t: Translate;
  /** MIN_CELL from the configuration. */
  minCell: number;
  rasterize: Rasterizer;
  workbook: WorkbookWriter;
};

export type BuildOptions = { service?: Service | null; previous?: Period };

export type SummaryBuilder = {
  /** The figures alone, in no language: for a scheduler sending one summary in several languages. */
  figures(period: Period, options?: BuildOptions): Promise<Summary>;
  /** Text, chart and workbook of figures already computed, in `locale`. */
  render(summary: Summary, locale: Locale): Promise<Omit<SummaryParts, "summary">>;
  buildSummary(period: Period, locale: Locale, options?: BuildOptions): Promise<SummaryParts>;
};

/**
 * What a scheduled run, `/summary` and `glas summary` all call.
 * @example const { text, chartPng, workbook } = await builder.buildSummary(lastFullPeriod("week", now, tz), "ro");
 */
export function createSummaryBuilder(deps: SummaryBuilderDeps): SummaryBuilder {
  const figures = (period: Period, options: BuildOptions = {}) =>
    computeSummary(deps.store, {
      period,
      minCell: deps.minCell,
      ...(options.service && { service: options.service }),
      ...(options.previous && { previous: options.previous }),
    });
  const render = async (summary: Summary, locale: Locale) => {
    const [chartPng, workbook] = await Promise.all([
      deps.rasterize(summaryChartSvg(summary, locale, deps.t)),
      deps.workbook(summary, locale),
    ]);
    return { text: summaryText(summary, locale, deps.t), chartPng, workbook };
  };
  return {
    figures,
    render,
    async buildSummary(period, locale, options) {
      const summary = await figures(period, options);
      return { summary, ...(await render(summary, locale)) };
    },
  };
}
