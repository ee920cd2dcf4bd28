import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PROJECT_ROOT } from "../../root.node.ts";
import type { PrismaClient } from "./client.ts";
import { lazyClient } from "./lazy-client.ts";
import { type Sql, shareConnection } from "./sql.ts";

const ROOT = PROJECT_ROOT;
const MIGRATIONS = path.join(ROOT, "prisma", "migrations");
const run = promisify(execFile);

/** `file:./data/glas.db` → an absolute path (relative to the working directory, as Prisma does). */
export function sqlitePath(databaseUrl: string): string {
  const file = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(file);
}

/** The migrations this version of Glas knows, in the order they apply. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function appliedNames(file: string): Set<string> {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = db
      .prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  } finally {
    db.close();
  }
}

export type MigrateResult = { applied: string[]; file: string };

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (through the JavaScript
 * driver adapter, so nothing is downloaded). When nothing is pending it does not start
 * the CLI at all, so every command can call it cheaply.
 */
export async function migrate(databaseUrl: string): Promise<MigrateResult> {
  const file = sqlitePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const done = appliedNames(file);
  const pending = migrationNames().filter((name) => !done.has(name));
  if (pending.length === 0) return { applied: [], file };
  const prisma = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  await run(process.execPath, [prisma, "migrate", "deploy", "--config", path.join(ROOT, "prisma.config.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  }).catch((err: unknown) => {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`migrations failed: ${stderr.trim().split("\n").slice(-3).join(" ")}`, { cause: err });
  });
  return { applied: pending, file };
}

/** A Prisma client on a SQLite file in WAL mode (better-sqlite3 driver adapter), and plain SQL on its connection. */
export function openDatabase(databaseUrl: string): { prisma: PrismaClient; sql: Sql } {
  const file = sqlitePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  // WAL with synchronous NORMAL: a commit no longer waits for the disk, and a crash of the
  // process still loses nothing committed (only a power cut can lose the last moments).
  const { factory, sql } = shareConnection(new PrismaBetterSQLite3({ url: `file:${file}` }), [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
  ]);
  // Prisma's runtime loads with the first query through it; /health and the outbox use `sql`.
  const prisma = lazyClient(async () => {
    const { PrismaClient } = await import("./generated/node/client.ts");
    return new PrismaClient({ adapter: factory });
  });
  return { prisma, sql };
}
