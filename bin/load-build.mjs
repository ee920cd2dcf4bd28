// Loads the compiled build/cli.cjs with V8's compiled code from an earlier run of the same
// command, kept in build/cache/ (a rebuild replaces build/ and so drops it). Node 20 caches no
// compiled code of its own (module.enableCompileCache came in Node 22), and a cache made as the
// file is first compiled holds only its outer layer: this one is taken once the command has run
// (2.5 s in, or at exit), so it holds the functions the command used. V8 refuses a cache from
// another version or other flags; the file is then written again.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "build");
const BUILT = path.join(BUILD, "cli.cjs");
const SAVE_CACHE_AFTER_MS = 2_500;
/** CommonJS's own wrapper, on a line of its own (counted as line 0: the file keeps its line numbers). */
export const WRAPPER = ["(function (exports, require, module, __filename, __dirname) {\n", "\n})"];

/** Loads build/cli.cjs as CommonJS would, through V8's code cache for this command. */
export function loadBuilt(command) {
  const cacheFile = path.join(BUILD, "cache", `${/^[a-z][a-z-]{0,23}$/.test(command) ? command : "other"}.v8`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet (or unreadable): this run compiles, and leaves one for the next.
  }
  const source = readFileSync(BUILT, "utf8");
  const script = new Script(`${WRAPPER[0]}${source}${WRAPPER[1]}`, {
    filename: BUILT,
    lineOffset: -1,
    cachedData,
  });
  if (!cachedData || script.cachedDataRejected) saveCacheLater(script, cacheFile);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUILT), module, BUILT, path.dirname(BUILT));
  return module.exports;
}

function saveCacheLater(script, cacheFile) {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    // Written beside and renamed into place: a command starting meanwhile reads all or nothing.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // A read-only install runs without the cache: only slower.
      rmSync(temp, { force: true });
    }
  };
  setTimeout(save, SAVE_CACHE_AFTER_MS).unref();
  process.once("exit", save);
}
