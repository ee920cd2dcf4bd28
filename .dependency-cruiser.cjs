/**
 * The architecture, checked: a pure engine, channels that never touch the database,
 * and a shared core that runs on Node and on Workers alike.
 */
const NODE_ONLY = "(\\.node\\.ts$|^src/cli/|^src/node\\.ts$|^src/schedules\\.ts$|^src/store/prisma/generated/)";

module.exports = {
  forbidden: [
    {
      name: "engine-is-pure",
      comment: "The survey engine imports nothing outside src/engine except zod.",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { pathNot: ["^src/engine/", "node_modules/zod/"] },
    },
    {
      name: "channels-never-touch-the-database",
      comment:
        "Channels only translate platform events (parse in, render out); dedupe, respond, queue and remember are the inbound use case's (src/usecases/receive.ts), so no channel reaches the store, not even its ports.",
      severity: "error",
      from: { path: "^src/channels/" },
      to: { path: ["^src/store/", "node_modules/@prisma/", "node_modules/better-sqlite3/"] },
    },
    {
      name: "usecases-know-no-platform",
      comment: "Use cases talk to ports, not to Prisma, HTTP or a messenger library.",
      severity: "error",
      from: { path: "^src/usecases/" },
      to: { path: ["^src/store/prisma/", "^src/http/", "^src/channels/", "node_modules/(@prisma|grammy|viber-bot|hono)/"] },
    },
    {
      name: "shared-core-runs-on-workers",
      comment: "Only Node entry points, the CLI and *.node.ts files may use Node built-ins or native modules.",
      severity: "error",
      from: { path: "^src/", pathNot: NODE_ONLY },
      to: {
        pathNot: "^src/store/prisma/generated/workerd/",
        dependencyTypesNot: ["type-only"],
        path: [
          "^(node:)?(fs|path|child_process|os|net|http|https|readline|worker_threads|url|util)$",
          "node_modules/(better-sqlite3|pino|@prisma/adapter-better-sqlite3|@hono/node-server|node-cron)/",
        ],
      },
    },
    {
      name: "no-node-only-from-shared-core",
      severity: "error",
      from: { path: "^src/", pathNot: NODE_ONLY },
      to: { path: NODE_ONLY, pathNot: "^src/store/prisma/generated/workerd/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/store/prisma/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
