#!/usr/bin/env node
// `npx glas <command>`: runs the compiled build/cli.cjs (npm install makes it; `npm run build`
// remakes it) when it is newer than every source file, and the TypeScript sources through tsx
// otherwise, so a missing or stale build is only slower, never wrong.
// (bin/load-build.mjs loads the build with V8's compiled code from an earlier run.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBuilt } from "./load-build.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["src", "locales", "package.json"];

function newestChange(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  return newest;
}

function buildIsFresh() {
  try {
    const { sourcesReadAt } = JSON.parse(readFileSync(path.join(ROOT, "build", "built-at.json"), "utf8"));
    return SOURCES.every((source) => newestChange(path.join(ROOT, source)) < sourcesReadAt);
  } catch (err) {
    if (err.code === "ENOENT") return false; // never built
    throw err;
  }
}

if (process.env.GLAS_FROM_SOURCE !== "1" && buildIsFresh()) {
  await loadBuilt(process.argv[2] ?? "").main(process.argv);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await (await import("../src/cli/index.ts")).main(process.argv);
}
