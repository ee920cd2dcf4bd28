import type { Translate } from "../i18n/index.ts";
import type { Store } from "../store/ports.ts";
import { createSummaryBuilder, type SummaryBuilder } from "./build.ts";
import { rasterizePng } from "./rasterize.node.ts";
import { createWorkbookWriter } from "./workbook.ts";

/** The summary builder on Node: resvg-js for the chart, exceljs for the workbook (workbook.ts, shared with Workers). */
export function createNodeSummaryBuilder(deps: { store: Store; t: Translate; minCell: number }): SummaryBuilder {
  return createSummaryBuilder({
    store: deps.store,
    t: deps.t,
    minCell: deps.minCell,
    rasterize: rasterizePng,
    workbook: createWorkbookWriter({ t: deps.t }),
  });
}
