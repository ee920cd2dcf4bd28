import { createNodeFetch } from "./channels/http.node.ts";
import { composeGlas, type Glas } from "./compose.ts";
import type { Config } from "./config.ts";
import type { Translate } from "./i18n/index.ts";
import type { Logger } from "./log.ts";
import { createNodeAttachments } from "./reports/attachments.node.ts";
import { exportStream } from "./reports/export.node.ts";
import type { Store } from "./store/ports.ts";

/**
 * The whole Glas as Node runs it (`glas serve`, the CLI, src/node.ts): charts drawn with resvg,
 * exports streamed into files, the messengers called over node:http.
 */
export function composeNode({ config, store, log, t }: { config: Config; store: Store; log: Logger; t: Translate }): Glas {
  return composeGlas({
    config,
    store,
    log,
    attachments: createNodeAttachments({ config, store, t }),
    exportFile: exportStream,
    fetch: createNodeFetch(),
  });
}
