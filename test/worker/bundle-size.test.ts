import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";

const SCRIPT = path.join(ROOT, "scripts/bundle-size.mjs");
const KIB = 1024;
let dir = "";

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A dist/ folder as `wrangler deploy --dry-run --outdir` writes it; random bytes do not compress. */
function dist(files: Record<string, number>): string {
  dir = mkdtempSync(path.join(tmpdir(), "glas-dist-"));
  for (const [name, size] of Object.entries(files)) writeFileSync(path.join(dir, name), randomBytes(size));
  return dir;
}

const check = (folder: string) => spawnSync(process.execPath, [SCRIPT, folder], { encoding: "utf8" });

describe("the Workers bundle's size check (npm run build:worker)", () => {
  it("adds up the uploaded modules gzipped, by kind, leaving out source maps, and passes within 3 MiB", () => {
    const result = check(
      dist({
        "worker.js": 300 * KIB,
        "worker.js.map": 4096 * KIB,
        "README.md": 1 * KIB,
        "0123456789abcdef0123456789abcdef01234567-index_bg.wasm": 900 * KIB,
        "89abcdef0123456789abcdef0123456789abcdef-DejaVuSans.ttf": 370 * KIB,
      }),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Workers bundle, gzipped: 1\.5\d MiB of 3\.00 MiB \(code 0\.29 MiB, wasm 0\.88 MiB, font 0\.36 MiB\)\n/,
    );
    expect(result.stdout).toContain("index_bg.wasm");
    expect(result.stdout).not.toContain("worker.js.map");
  });

  it("fails above 3 MiB, saying by how much", () => {
    const result = check(dist({ "worker.js": 1024 * KIB, "a-index_bg.wasm": 2200 * KIB }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/over its budget by 0\.1\d MiB/);
  });

  it("fails when there is no bundle to measure", () => {
    const result = check(dist({}));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("No bundle");
  });
});
