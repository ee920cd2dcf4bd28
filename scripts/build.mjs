#!/usr/bin/env node
// Compiles the command line and the Node server into one CommonJS file, build/cli.cjs, so that
// starting does not transpile TypeScript and V8's compiled code for it can be kept between runs
// (Node 20 keeps compiled code for CommonJS only: see bin/load-build.mjs). A module of the file
// runs only when first imported, so a command initialises only what it uses. Two large parts
// that starting never needs are files of their own beside it, read with their first use.
// Run by `npm install` (postinstall) and `npm run build`; bin/glas.mjs runs the sources instead
// whenever build/ is older than them.
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "build");
// Built beside and renamed into place, so a command starting meanwhile never sees half a build.
const TEMP = path.join(ROOT, `build.${randomBytes(4).toString("hex")}.tmp`);
const startedAt = Date.now();

const NODE = { bundle: true, format: "cjs", platform: "node", target: "node20.12", sourcemap: "linked", logLevel: "warning" };

/** Files apart from cli.cjs: what the entry is, and how cli.cjs names it when importing. */
const APART = [
  // Prisma's query compiler: 2.5 MB of base64 that only the first Prisma query needs.
  {
    file: "query-compiler.cjs",
    entry: "@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs",
    imported: (args) => args.path.endsWith("/query_compiler_bg.sqlite.wasm-base64.mjs"),
  },
  // echarts (about a third of the code), for the first chart.
  {
    file: "echarts.cjs",
    entry: "src/reports/echarts.ts",
    imported: (args) => path.resolve(args.resolveDir, args.path) === path.join(ROOT, "src/reports/echarts.ts"),
  },
];

const apart = {
  name: "files-apart",
  setup(b) {
    b.onResolve({ filter: /(query_compiler_bg\.sqlite\.wasm-base64\.mjs|echarts\.ts)$/ }, (args) => {
      const part = APART.find((p) => p.imported(args));
      return part ? { path: `./${part.file}`, external: true } : undefined;
    });
  },
};

// viber-bot's message classes require each other as `require(__dirname + "/text-message")`:
// named plainly, they are bundled (and so kept in the code cache) like the rest.
const viberSiblings = {
  name: "viber-bot-siblings",
  setup(b) {
    b.onLoad({ filter: /viber-bot[\\/]lib[\\/]message[\\/][a-z-]+\.js$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/require\(__dirname \+ '\/([a-z-]+)'\)/g, "require('./$1')"),
      loader: "js",
    }));
  },
};

try {
  for (const part of APART) {
    await build({ ...NODE, absWorkingDir: ROOT, entryPoints: [part.entry], outfile: path.join(TEMP, part.file) });
  }
  await build({
    ...NODE,
    absWorkingDir: ROOT,
    entryPoints: { cli: "src/cli/index.ts" },
    outdir: TEMP,
    // Packages load from node_modules as they are; only Glas's own TypeScript is compiled.
    external: ["better-sqlite3", "@resvg/resvg-js", "exceljs", "qrcode", "cli-progress"],
    outExtension: { ".js": ".cjs" },
    // grammY's web build (the one Workers run): its Node build loads node-fetch and a URL
    // polyfill at start, though Glas hands it the runtime's own fetch.
    alias: { grammy: "./node_modules/grammy/out/web.mjs" },
    // import() becomes require() (code run from V8's cache has no ESM loader to call).
    supported: { "dynamic-import": false },
    plugins: [apart, viberSiblings],
    // Modules that find files beside themselves read import.meta.url.
    define: { "import.meta.url": "__glasModuleUrl" },
    banner: { js: 'const __glasModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Less to parse at start; names are kept for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  // When the sources were read: a source changed after this makes the build stale.
  writeFileSync(path.join(TEMP, "built-at.json"), `${JSON.stringify({ sourcesReadAt: startedAt })}\n`);
  rmSync(OUT, { recursive: true, force: true });
  renameSync(TEMP, OUT);
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
