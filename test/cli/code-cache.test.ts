import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";

const CACHE = path.join(ROOT, "build", "cache", "help.v8");

/** `glas help survey`, run from build/cli.cjs through the loader (whether or not the build is fresh). */
function helpSurvey() {
  const loader = pathToFileURL(path.join(ROOT, "bin", "load-build.mjs")).href;
  const script = `import { loadBuilt } from ${JSON.stringify(loader)}; await loadBuilt("help").main(["node", "glas", "help", "survey"]);`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain("Usage: glas survey");
  return result.stdout;
}

describe("the compiled build's code cache", () => {
  it("is written by a command's first run, used as it is by the next, and written again when V8 refuses it", () => {
    if (!existsSync(path.join(ROOT, "build", "cli.cjs"))) spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT });
    rmSync(CACHE, { force: true });
    const first = helpSurvey();
    expect(existsSync(CACHE)).toBe(true);
    const written = readFileSync(CACHE);
    const writtenAt = statSync(CACHE).mtimeMs;
    expect(written.length).toBeGreaterThan(10_000);

    expect(helpSurvey()).toBe(first);
    expect(statSync(CACHE).mtimeMs).toBe(writtenAt);
    expect(readFileSync(CACHE).equals(written)).toBe(true);

    const garbage = randomBytes(written.length);
    writeFileSync(CACHE, garbage);
    expect(helpSurvey()).toBe(first);
    expect(readFileSync(CACHE).equals(garbage)).toBe(false);
    expect(readFileSync(CACHE).length).toBeGreaterThan(10_000);
  });
});
