import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrationNames } from "./database.node.ts";

/** Pages copied per step of the online backup: about 4 MB, so progress moves and writers are not held up. */
export const BACKUP_PAGES_PER_STEP = 1024;
/** sqlite3_backup_step copies every remaining page when asked for this many. */
const ALL_PAGES = 0x7fffffff;

export type BackupProgress = { totalPages: number; remainingPages: number };

export type DatabaseCounts = { responses: number; completed: number };

export type BackupResult = DatabaseCounts & { file: string; bytes: number; restarts: number };

export class BackupError extends Error {
  override name = "BackupError";
}

/** Responses in a database file, counted read-only. */
export function countResponses(db: Database.Database): DatabaseCounts {
  const row = db
    .prepare(`SELECT COUNT(*) AS responses, COALESCE(SUM("status" = 'completed'), 0) AS completed FROM "Response"`)
    .get() as DatabaseCounts;
  return { responses: Number(row.responses), completed: Number(row.completed) };
}

/**
 * Copies a live database with SQLite's online backup API, step by step. A write by another
 * connection (the server) between two steps makes SQLite start the copy again; after one
 * restart the rest goes in a single step, which holds a read snapshot (WAL lets the server
 * keep writing), so the copy always ends and is always one consistent moment. The copy is
 * written beside `out` and renamed into place: an interrupted backup never leaves a half file
 * under the name. It is switched to a rollback journal so that it is one self-contained file.
 */
export async function backupDatabase(
  source: string,
  out: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  const target = path.resolve(out);
  if (target === path.resolve(source)) throw new BackupError("--out names the database itself");
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  removeDatabaseFiles(partial);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let restarts = 0;
  try {
    let last = Number.POSITIVE_INFINITY;
    await db.backup(partial, {
      progress: (progress) => {
        if (progress.remainingPages > last) restarts++;
        last = progress.remainingPages;
        onProgress?.(progress);
        return restarts > 0 ? ALL_PAGES : BACKUP_PAGES_PER_STEP;
      },
    });
  } catch (err) {
    removeDatabaseFiles(partial);
    throw new BackupError(`the backup failed: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  let counts: DatabaseCounts;
  try {
    copy.pragma("journal_mode = DELETE");
    counts = countResponses(copy);
  } finally {
    copy.close();
  }
  renameSync(partial, target);
  removeDatabaseFiles(partial);
  return { file: target, bytes: statSync(target).size, restarts, ...counts };
}

export type BackupCheck = DatabaseCounts & {
  /** Migrations the backup lacks: applied once it is restored. */
  pending: string[];
};

/**
 * What `glas restore` asks of a file before it replaces anything: a SQLite database that
 * passes `PRAGMA integrity_check`, made by Glas (it has the migrations table), with no
 * migration this version does not know (a backup from a newer Glas) and none half applied.
 */
export function checkBackup(file: string): BackupCheck {
  if (!existsSync(file)) throw new BackupError(`no file at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a database: ${(err as Error).message}`, { cause: err });
  }
  try {
    const integrity = integrityProblems(db, file);
    if (integrity.length > 0) throw new BackupError(`${file} is damaged (integrity_check: ${integrity.slice(0, 3).join("; ")})`);
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) throw new BackupError(`${file} is not a Glas database (it has no migrations table)`);
    const rows = db
      .prepare(
        `SELECT "migration_name" AS name, "finished_at" AS finished, "rolled_back_at" AS rolledBack FROM "_prisma_migrations"`,
      )
      .all() as {
      name: string;
      finished: string | null;
      rolledBack: string | null;
    }[];
    const known = migrationNames();
    const applied = rows.filter((r) => r.finished !== null && r.rolledBack === null).map((r) => r.name);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new BackupError(`${file} was made by a newer Glas (it has migrations this one does not know: ${unknown.join(", ")})`);
    }
    const broken = rows.filter((r) => r.finished === null && r.rolledBack === null).map((r) => r.name);
    if (broken.length > 0) throw new BackupError(`${file} holds a migration that did not finish: ${broken.join(", ")}`);
    return { ...countResponses(db), pending: known.filter((name) => !applied.includes(name)) };
  } finally {
    db.close();
  }
}

function integrityProblems(db: Database.Database, file: string): string[] {
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((line) => line !== "ok");
  } catch (err) {
    throw new BackupError(`${file} cannot be read as a database: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Writes a checked backup into the database file at `target` through the backup API, which
 * takes SQLite's locks on the target: a database file that exists is replaced page by page,
 * its WAL included, never left half old and half new.
 */
export async function restoreDatabase(backup: string, target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target, { progress: () => ALL_PAGES });
  } catch (err) {
    throw new BackupError(`the restore failed: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}
