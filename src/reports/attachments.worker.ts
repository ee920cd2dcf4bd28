import resvgWasm from "@resvg/resvg-wasm/index_bg.wasm";
import dejavuSans from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf";
import type { Config } from "../config.ts";
import type { Translate } from "../i18n/index.ts";
import type { Store } from "../store/ports.ts";
import type { Attachments } from "../usecases/summaries/index.ts";
import { attachmentsFrom } from "./attachments.ts";
import { createSummaryBuilder } from "./build.ts";
import { createWasmRasterizer } from "./rasterize.wasm.ts";
import { createWorkbookWriter } from "./workbook.ts";

/**
 * DejaVu Sans, one weight: the whole font has Romanian ș ț ă î â and all of Cyrillic (Ukrainian
 * і ї є ґ too); the bold weight would take the bundle over its 3 MiB, so bold text is drawn in
 * the regular weight here. Bytes only: a finished object, safe to keep across requests.
 */
const FONTS = [new Uint8Array(dejavuSans)];

/** A summary's chart (resvg-wasm) and workbook (exceljs), drawn on Workers. */
export function createWorkerAttachments(deps: { config: Config; store: Store; t: Translate }): Attachments {
  const builder = createSummaryBuilder({
    store: deps.store,
    t: deps.t,
    minCell: deps.config.MIN_CELL,
    rasterize: createWasmRasterizer({ wasm: resvgWasm, fonts: FONTS }),
    workbook: createWorkbookWriter({ t: deps.t }),
  });
  return attachmentsFrom(async () => builder);
}
