#!/usr/bin/env node
// Compiles the command line and the Node server into build/ (JavaScript, one chunk per command),
// so that starting does not transpile TypeScript. Run by `npm install` (postinstall) and
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

try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "src/cli/index.ts" },
    outdir: TEMP,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.12",
    // Packages load from node_modules as they are; only Glas's own TypeScript is compiled.
    external: [
      "better-sqlite3",
      "viber-bot",
      "pino",
      "@prisma/adapter-better-sqlite3",
      "@resvg/resvg-js",
      "exceljs",
      "qrcode",
      "cli-progress",
    ],
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    // grammY's web build (the one Workers run): its Node build loads node-fetch and a URL
    // polyfill at start, though Glas hands it the runtime's own fetch.
    alias: { grammy: "./node_modules/grammy/out/web.mjs" },
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __glasRequire } from "node:module"; const require = __glasRequire(import.meta.url);',
    },
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
