#!/usr/bin/env node
// Checks the Workers bundle that `wrangler deploy --dry-run --outdir dist` wrote: every module
// that is uploaded (the code, the text modules, the WebAssembly, the font), each gzipped as
// Cloudflare measures it, added up. Exits 1 above the budget, so CI fails (`npm run build:worker`).
//
//   node scripts/bundle-size.mjs [dist]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 3 * 1024 * 1024;
const dir = path.resolve(process.argv[2] ?? "dist");

/** What a module is, for the breakdown; source maps and wrangler's README are not uploaded as modules. */
function kind(name) {
  if (name.endsWith(".map") || name === "README.md") return null;
  if (name.endsWith(".wasm")) return "wasm";
  if (name.endsWith(".ttf")) return "font";
  return "code";
}

const totals = { code: 0, wasm: 0, font: 0 };
const lines = [];
for (const name of readdirSync(dir).sort()) {
  const k = kind(name);
  if (!k) continue;
  const gzipped = gzipSync(readFileSync(path.join(dir, name))).length;
  totals[k] += gzipped;
  lines.push(`  ${(gzipped / 1024).toFixed(0).padStart(6)} KiB  ${k.padEnd(4)}  ${name.replace(/^[0-9a-f]{40}-/, "")}`);
}
const total = totals.code + totals.wasm + totals.font;
const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
process.stdout.write(
  `Workers bundle, gzipped: ${mib(total)} of ${mib(BUDGET_BYTES)} ` +
    `(code ${mib(totals.code)}, wasm ${mib(totals.wasm)}, font ${mib(totals.font)})\n${lines.join("\n")}\n`,
);
if (total === 0) {
  process.stderr.write(`No bundle in ${dir}: run wrangler deploy --dry-run --outdir ${dir} first.\n`);
  process.exit(1);
}
if (total > BUDGET_BYTES) {
  process.stderr.write(`The Workers bundle is over its budget by ${mib(total - BUDGET_BYTES)}.\n`);
  process.exit(1);
}
