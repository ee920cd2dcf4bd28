import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { shippedSurveys } from "../../src/cli/survey-file.ts";
import type { Period } from "../../src/reports/periods.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import { ensureDefaults } from "../../src/usecases/surveys.ts";
import { seedExampleAnswers } from "../reports/fixtures.ts";
import { ROOT } from "./cli.ts";

const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const env = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

export type WranglerDev = {
  base: string;
  /** The local D1's SQLite file, to read what the Worker wrote. */
  d1File: string;
  stop(): Promise<void>;
};

const STOP_WAIT_MS = 5_000;

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

/** The SQLite file behind the local D1 (miniflare keeps one per database, named by a hash). */
function localD1File(state: string): string {
  const dir = path.join(state, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (!file) throw new Error(`no local D1 database in ${dir}`);
  return path.join(dir, file);
}

export type WranglerDevOptions = {
  /**
   * Writes into the migrated local D1 before the Worker starts (the SQLite file's path), for
   * what cannot come through the Worker today: answers of a past week, whose clock is the real one.
   */
  seed?(d1File: string): Promise<void>;
};

/**
 * The Workers build under `wrangler dev` on a fresh, migrated local D1, with these variables
 * (a function of the Worker's base URL, for PUBLIC_URL).
 */
export async function startWranglerDev(
  vars: Record<string, string> | ((base: string) => Record<string, string>),
  options: WranglerDevOptions = {},
): Promise<WranglerDev> {
  const state = mkdtempSync(path.join(tmpdir(), "glas-d1-"));
  migrateLocalD1(state);
  await options.seed?.(localD1File(state));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const values = typeof vars === "function" ? vars(base) : vars;
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
      ...Object.entries(values).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    {
      cwd: ROOT,
      env,
      // Unread pipes would fill and stall wrangler (it logs every request); GLAS_TEST_WRANGLER_OUTPUT=1 shows its output.
      stdio: process.env.GLAS_TEST_WRANGLER_OUTPUT ? "inherit" : "ignore",
      detached: true,
    },
  );
  const stop = async () => {
    if (wrangler.pid && wrangler.exitCode === null) {
      // Waited for (a few seconds at most), so the next file's Worker does not share the cores with this one.
      const exited = new Promise((resolve) => wrangler.once("exit", resolve));
      process.kill(-wrangler.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
    }
    rmSync(state, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, d1File: localD1File(state), stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error("wrangler dev did not start");
}

/** How long nothing new must arrive at a fake API before the Worker is taken to have sent all it will. */
const QUIET_MS = 300;
const QUIET_TIMEOUT_MS = 20_000;

/**
 * Waits until a fake API's calls stop growing (the Worker sends after answering, in `waitUntil`):
 * with `after`, until there are more than that many first.
 */
export async function quiet(calls: readonly unknown[], options: { after?: number } = {}): Promise<void> {
  const deadline = Date.now() + QUIET_TIMEOUT_MS;
  let count = calls.length;
  let since = Date.now();
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the Worker sent nothing more within ${QUIET_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (calls.length !== count) {
      count = calls.length;
      since = Date.now();
    } else if (count > (options.after ?? -1) && Date.now() - since >= QUIET_MS) return;
  }
}

/**
 * The worked example's questionnaires (test/reports/fixtures.ts) in `week` and the week before,
 * written into the local D1's SQLite file by the same store code as on Node, before the Worker
 * starts: the Worker's clock is the real one, so last week's answers cannot come through it.
 */
export async function seedTwoWeeks(d1File: string, week: Period): Promise<void> {
  const store = createPrismaStore(openDatabase(`file:${d1File}`));
  try {
    await ensureDefaults(store, shippedSurveys());
    const day = 24 * 3600_000;
    const inside = new Date(week.start.getTime() + 2.5 * day);
    await seedExampleAnswers(store, {
      now: inside.toISOString(),
      before: new Date(inside.getTime() - 7 * day).toISOString(),
      weekEnd: week.end,
    });
  } finally {
    await store.close();
  }
}
