import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type Figure = { name: string; value: number; unit: string; note?: string };

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
export async function rate(ms: number, fn: () => Promise<number> | number): Promise<number> {
  const warmUntil = performance.now() + ms / 5;
  while (performance.now() < warmUntil) await fn();
  let ops = 0;
  const start = performance.now();
  const until = start + ms;
  while (performance.now() < until) ops += await fn();
  return ops / ((performance.now() - start) / 1000);
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function print(title: string, figures: Figure[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const f of figures) {
    const value = f.value >= 100 ? Math.round(f.value).toLocaleString("en") : f.value.toFixed(3);
    process.stdout.write(`  ${f.name.padEnd(46)} ${value.padStart(12)} ${f.unit}${f.note ? `  (${f.note})` : ""}\n`);
  }
}
