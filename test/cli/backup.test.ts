import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAnswers } from "../../bench/seed.ts";
import { glas, ROOT } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-backup-"));
const live = path.join(dir, "live.db");
const env = { DATABASE_URL: `file:${live}` };
let writer: ChildProcess | null = null;

beforeAll(async () => {
  // A few megabytes of answers, so the copy takes many steps while the writer commits.
  await seedAnswers(live, { answers: 40_000, services: 3, localities: 2, seed: 7 });
});
afterAll(() => {
  writer?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

type Completed = { id: string; answers: number };

function completed(file: string): Map<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.id, COUNT(a.id) AS answers FROM "Response" r LEFT JOIN "Answer" a ON a."responseId" = r.id
         WHERE r.status = 'completed' GROUP BY r.id`,
      )
      .all() as Completed[];
    return new Map(rows.map((r) => [r.id, r.answers]));
  } finally {
    db.close();
  }
}

const integrity = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true });
  } finally {
    db.close();
  }
};

/** Starts the writer and resolves once it has completed its first survey. */
function startWriter(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/support/answer-writer.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("writing")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`the writer stopped (${code}): ${stderr}`)));
  });
}

describe("glas backup while people answer", () => {
  it("writes a copy that passes integrity_check and holds every response committed before it started", async () => {
    writer = await startWriter();
    const before = completed(live);
    const out = path.join(dir, "copies", "backup.db");
    const result = await glas(["backup", "--out", out], { env });
    const during = completed(live);
    writer.kill("SIGKILL");
    writer = null;
    expect(result.code, result.stderr).toBe(0);
    // The writer went on while the copy was made.
    expect(during.size).toBeGreaterThan(before.size);
    expect(integrity(out)).toBe("ok");
    const copy = completed(out);
    for (const [id, answers] of before) expect(copy.get(id), id).toBe(answers);
    const total = new Database(out, { readonly: true });
    const responses = (total.prepare(`SELECT COUNT(*) AS n FROM "Response"`).get() as { n: number }).n;
    total.close();
    expect(result.stdout).toMatch(
      new RegExp(
        `Backup written to .*backup\\.db: \\d+\\.\\d MB, ${responses.toLocaleString("en")} responses \\(${copy.size.toLocaleString("en")} completed\\)`,
      ),
    );
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}-wal`)).toBe(false);
  });

  it("says what is wrong: no database, or no --out", async () => {
    const missing = await glas(["backup", "--out", path.join(dir, "x.db")], {
      env: { DATABASE_URL: `file:${path.join(dir, "none.db")}` },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no database at");
    const usage = await glas(["backup"], { env });
    expect(usage.code).toBe(2);
  });
});

describe("glas restore", () => {
  const backup = path.join(dir, "copies", "backup.db");
  const target = path.join(dir, "restored", "glas.db");
  const restoreEnv = { DATABASE_URL: `file:${target}` };

  it("restores into a new DATABASE_URL, then refuses to overwrite it without --force", async () => {
    const first = await glas(["restore", backup], { env: restoreEnv });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Restored .* into .*glas\.db: [\d,]+ responses \([\d,]+ completed\); integrity ok\./);
    expect(completed(target)).toEqual(completed(backup));
    expect(integrity(target)).toBe("ok");

    const db = new Database(target);
    db.prepare(`DELETE FROM "Answer"`).run();
    db.close();
    const refused = await glas(["restore", backup], { env: restoreEnv });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("exists: add --force");
    expect(completed(target).size).toBeGreaterThan(0);
    expect([...completed(target).values()].every((n) => n === 0)).toBe(true);

    const forced = await glas(["restore", backup, "--force"], { env: restoreEnv });
    expect(forced.code, forced.stderr).toBe(0);
    expect(completed(target)).toEqual(completed(backup));
  });

  it("refuses a damaged file, a file that is not a database, and one from a newer Glas", async () => {
    const damaged = path.join(dir, "damaged.db");
    copyFileSync(backup, damaged);
    // Eight pages in the middle overwritten: the b-trees no longer hold together.
    const fd = openSync(damaged, "r+");
    const size = statSync(damaged).size;
    writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const newer = path.join(dir, "newer.db");
    copyFileSync(backup, newer);
    const n = new Database(newer);
    n.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29991231000000_future', 0, 0, 1)`,
    ).run();
    n.close();
    const junk = path.join(dir, "junk.db");
    writeFileSync(junk, "not a database at all, just text ".repeat(200));

    const env2 = { DATABASE_URL: `file:${path.join(dir, "never.db")}` };
    const [bad, future, text, none] = await Promise.all([
      glas(["restore", damaged], { env: env2 }),
      glas(["restore", newer], { env: env2 }),
      glas(["restore", junk], { env: env2 }),
      glas(["restore", path.join(dir, "absent.db")], { env: env2 }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/damaged|cannot be read/);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain("made by a newer Glas");
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("not a database");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no file at");
    expect(existsSync(path.join(dir, "never.db"))).toBe(false);
    expect((await glas(["restore"], { env: env2 })).code).toBe(2);
  });
});
