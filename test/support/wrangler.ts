import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./cli.ts";

const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const env = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

export type WranglerDev = { base: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The migrations into a local D1, as an operator applies them: `wrangler d1 migrations apply glas --local`. */
function migrateLocalD1(state: string): void {
  execFileSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "glas", "--local", "--persist-to", state], {
    cwd: ROOT,
    env,
    stdio: "pipe",
  });
}

/** The Workers build under `wrangler dev` on a fresh, migrated local D1, with these variables. */
export async function startWranglerDev(vars: Record<string, string>): Promise<WranglerDev> {
  const state = mkdtempSync(path.join(tmpdir(), "glas-d1-"));
  migrateLocalD1(state);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const wrangler: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    { cwd: ROOT, env, stdio: "pipe", detached: true },
  );
  const stop = async () => {
    if (wrangler.pid && wrangler.exitCode === null) process.kill(-wrangler.pid, "SIGTERM");
    rmSync(state, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error("wrangler dev did not start");
}
