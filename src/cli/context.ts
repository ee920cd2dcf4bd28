import type { Glas } from "../compose.ts";
import { type Config, loadConfig } from "../config.ts";
import { createTranslate, type Translate } from "../i18n/index.ts";
import { createNodeLogger } from "../log.node.ts";
import type { Logger } from "../log.ts";
import { hashKeyFrom } from "../privacy/keyed-hash.ts";
import type { Store } from "../store/ports.ts";
import { migrate, openDatabase } from "../store/prisma/database.node.ts";
import { createPrismaStore } from "../store/prisma/index.ts";
import { ensureShipped } from "./shipped.ts";

export type Context = {
  config: Config;
  store: Store;
  log: Logger;
  t: Translate;
  /**
   * The whole Glas (channels, use cases, app, drainer, jobs) as `compose.ts` builds it for
   * every runtime; loaded on first use, so commands that need only the store start quickly.
   */
  glas(): Promise<Glas>;
  close(): Promise<void>;
};

/** Config, migrations and the store: what every command that touches the database needs. */
export async function openContext(
  /**
   * `defaults`: load the shipped surveys and the demo service; "once" (the server) skips that
   * while the shipped files are unchanged since they were last loaded.
   */
  options: { defaults?: boolean | "once"; logLevel?: string; config?: Partial<Config> } = {},
): Promise<Context> {
  const config: Config = { ...loadConfig(process.env), ...options.config };
  const log = createNodeLogger(options.logLevel ?? process.env.LOG_LEVEL ?? "warn");
  const { applied } = await migrate(config.DATABASE_URL);
  if (applied.length > 0) log.info({ migrations: applied.length }, "migrations applied");
  const store = createPrismaStore({ ...openDatabase(config.DATABASE_URL), hashKey: hashKeyFrom(config) });
  if (options.defaults === "once") await ensureShipped(store);
  else if (options.defaults) {
    const [{ ensureDefaults }, { shippedSurveys }] = await Promise.all([
      import("../usecases/surveys.ts"),
      import("./survey-file.ts"),
    ]);
    await ensureDefaults(store, shippedSurveys());
  }
  const t = createTranslate(config.DEFAULT_LOCALE);
  let glas: Promise<Glas> | null = null;
  return {
    config,
    store,
    log,
    t,
    glas: () => {
      glas ??= import("../compose.node.ts").then(({ composeNode }) => composeNode({ config, store, log, t }));
      return glas;
    },
    close: () => store.close(),
  };
}

/** Ctrl+C or a stop from the service manager: finish what is in flight, close, exit 0. */
export function closeOnSignal(server: { close(): Promise<void> }, ctx: { close(): Promise<void> }): void {
  const stop = async () => {
    await server.close();
    await ctx.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}
