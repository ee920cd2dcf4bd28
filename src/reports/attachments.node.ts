import type { Config } from "../config.ts";
import type { Translate } from "../i18n/index.ts";
import type { Store } from "../store/ports.ts";
import type { Attachments } from "../usecases/summaries/index.ts";
import { attachmentsFrom } from "./attachments.ts";
import type { SummaryBuilder } from "./build.ts";

/**
 * A summary's chart (resvg) and workbook (exceljs), drawn on Node. The libraries load when the
 * first summary is drawn, not at start.
 */
export function createNodeAttachments(deps: { config: Config; store: Store; t: Translate }): Attachments {
  const { config, store, t } = deps;
  let builder: Promise<SummaryBuilder> | null = null;
  return attachmentsFrom(() => {
    builder ??= import("./build.node.ts").then((m) => m.createNodeSummaryBuilder({ store, t, minCell: config.MIN_CELL }));
    return builder;
  });
}
