import { shippedSurveys } from "./cli/survey-file.ts";
import { composeNode } from "./compose.node.ts";
import { loadConfig } from "./config.ts";
import { createTranslate } from "./i18n/index.ts";
import { createNodeLogger } from "./log.node.ts";
import { type RunningServer, serveNode } from "./platform.node.ts";
import { hashKeyFrom } from "./privacy/keyed-hash.ts";
import { migrate, openDatabase } from "./store/prisma/database.node.ts";
import { createPrismaStore } from "./store/prisma/index.ts";
import { ensureDefaults } from "./usecases/surveys.ts";

/**
 * Node entry point, without the command line (`node --import tsx src/node.ts`; `glas serve` does
 * the same through the CLI): configuration from the environment, SQLite through better-sqlite3,
 * pino, charts drawn with resvg; then the composed Glas served by `serveNode`.
 */
export async function startNode(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = createNodeLogger(env.LOG_LEVEL ?? "info");
  await migrate(config.DATABASE_URL);
  const store = createPrismaStore({ ...openDatabase(config.DATABASE_URL), hashKey: hashKeyFrom(config) });
  await ensureDefaults(store, shippedSurveys());
  const t = createTranslate(config.DEFAULT_LOCALE);
  const glas = composeNode({ config, store, log, t });
  const server = await serveNode(glas);
  return {
    port: server.port,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startNode();
  process.stdout.write(`Glas is listening on http://localhost:${server.port} (health: /health).\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}
