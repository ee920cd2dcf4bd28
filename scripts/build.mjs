#!/usr/bin/env node
// Compiles the command line and the Node server into one CommonJS file, build/cli.cjs, so that
// starting does not transpile TypeScript, and V8's compiled code for it is cached between runs
// (Node 20 caches compiled code for CommonJS only; bin/glas.mjs loads it through
// v8-compile-cache). What a command does not need (the charts, the workbooks, other commands)
// is in the file but runs only when first imported. Run by `npm install` (postinstall) and
// `npm run build`; bin/glas.mjs runs the sources instead whenever build/ is older than them.
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "build");
// Built beside and renamed into place, so a command starting meanwhile never sees half a build.
const TEMP = path.join(ROOT, `build.${randomBytes(4).toString("hex")}.tmp`);
const startedAt = Date.now();

// Prisma's query compiler (2.5 MB of base64 that only the first Prisma query needs) is a file of
// its own beside cli.cjs, required then.
const QUERY_COMPILER = "@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs";
const queryCompilerApart = {
  name: "query-compiler-apart",
  setup(b) {
    b.onResolve({ filter: /query_compiler_bg\.sqlite\.wasm-base64\.mjs$/ }, () => ({
      path: "./query-compiler.cjs",
      external: true,
    }));
  },
};

try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [QUERY_COMPILER],
    outfile: path.join(TEMP, "query-compiler.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.12",
    logLevel: "warning",
  });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "src/cli/index.ts" },
    outdir: TEMP,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.12",
    // Packages load from node_modules as they are; only Glas's own TypeScript is compiled.
    external: [
      "better-sqlite3",
      // Its message factory requires its message classes by computed names.
      "viber-bot",
      "@resvg/resvg-js",
      "exceljs",
      "qrcode",
      "cli-progress",
    ],
    outExtension: { ".js": ".cjs" },
    // grammY's web build (the one Workers run): its Node build loads node-fetch and a URL
    // polyfill at start, though Glas hands it the runtime's own fetch.
    alias: { grammy: "./node_modules/grammy/out/web.mjs" },
    // import() becomes require() (code compiled through the cache has no ESM loader to call).
    supported: { "dynamic-import": false },
    plugins: [queryCompilerApart],
    // Modules that find files beside themselves read import.meta.url.
    define: { "import.meta.url": "__glasModuleUrl" },
    banner: { js: 'const __glasModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: "linked",
    // Less to parse at start; names are kept for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
  // When the sources were read: a source changed after this makes the build stale.
  writeFileSync(path.join(TEMP, "built-at.json"), `${JSON.stringify({ sourcesReadAt: startedAt })}\n`);
  rmSync(OUT, { recursive: true, force: true });
  renameSync(TEMP, OUT);
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
