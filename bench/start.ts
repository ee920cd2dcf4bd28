/**
 * Start times, each beside its baseline in the same run: `npm start` until GET /health answers
 * 200 on an existing database, against a bare node:http server until it answers (and the server
 * without npm, `node bin/glas.mjs serve`, to show what npm's own start takes); `glas --help`
 * against `node -e 0`. Medians of BENCH_START_RUNS runs (default 7), taken in turns so that a
 * busy moment hits both sides alike.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { type Figure, tempDir } from "./support.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const POLL_MS = 2;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Milliseconds from spawning `command` until `url` answers 200; then stops it. */
async function untilHealthy(command: string, args: string[], env: Record<string, string>, url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore", detached: true });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${command} ${args.join(" ")} exited before answering`);
      const ok = await fetch(url).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    if (!exited && child.pid) {
      process.kill(-child.pid, "SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
}

function runTime(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function benchStart(runs = Number(process.env.BENCH_START_RUNS ?? 7)): Promise<Figure[]> {
  const temp = tempDir("glas-bench-start-");
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health`;
    const glasEnv = { PORT: String(port), DATABASE_URL: `file:${path.join(temp.dir, "glas.db")}`, LOG_LEVEL: "warn" };
    const bare = `require("node:http").createServer((q, s) => s.end("ok")).listen(${port})`;
    // The database exists (migrated, shipped surveys loaded) before anything is timed.
    await untilHealthy("npm", ["start"], glasEnv, url);
    const times = {
      bare: [] as number[],
      npmStart: [] as number[],
      serve: [] as number[],
      nodeE0: [] as number[],
      help: [] as number[],
    };
    for (let i = 0; i < runs; i++) {
      times.bare.push(await untilHealthy(process.execPath, ["-e", bare], {}, url));
      times.npmStart.push(await untilHealthy("npm", ["start"], glasEnv, url));
      times.serve.push(await untilHealthy(process.execPath, ["bin/glas.mjs", "serve"], glasEnv, url));
      times.nodeE0.push(runTime(process.execPath, ["-e", "0"]));
      times.help.push(runTime(process.execPath, ["bin/glas.mjs", "--help"]));
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
    return [
      { name: "bare node:http server, start to first 200", value: m.bare, unit: "ms" },
      { name: "npm start, start to GET /health 200", value: m.npmStart, unit: "ms" },
      { name: "  ratio (goal ≤ 5)", value: m.npmStart / m.bare, unit: "×" },
      { name: "  of which glas serve itself (node bin/glas.mjs serve)", value: m.serve, unit: "ms" },
      { name: "node -e 0", value: m.nodeE0, unit: "ms" },
      { name: "glas --help", value: m.help, unit: "ms" },
      { name: "  ratio (goal ≤ 3)", value: m.help / m.nodeE0, unit: "×" },
    ];
  } finally {
    temp.remove();
  }
}
