import type { Attachments } from "../usecases/summaries/index.ts";
import type { SummaryBuilder } from "./build.ts";

/**
 * A summary's chart and workbook (what delivery, the admin API and the dashboard ask for), from a
 * builder got when first needed. Types only from build.ts: Node's server must not load the
 * drawing libraries before the first summary (test/cli/commands.test.ts traces it).
 */
export function attachmentsFrom(builder: () => Promise<SummaryBuilder>): Attachments {
  return async (summary, locale) => {
    const { chartPng, workbook } = await (await builder()).render(summary, locale);
    return { chartPng, workbook };
  };
}
