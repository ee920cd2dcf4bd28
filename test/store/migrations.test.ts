import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";
import { freshDatabase } from "../support/db.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-drift-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Shape = Record<string, { columns: string[]; indexes: string[] }>;

function shape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`)
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = (db.pragma(`table_info("${name}")`) as { name: string; type: string; notnull: number; pk: number }[]).map(
          (c) => `${c.name} ${c.type} ${c.notnull ? "NOT NULL" : ""} ${c.pk ? "PK" : ""}`.trim(),
        );
        const indexes = (db.pragma(`index_list("${name}")`) as { name: string; unique: number }[])
          .filter((i) => !i.name.startsWith("sqlite_autoindex"))
          .map((i) => `${i.name}${i.unique ? " UNIQUE" : ""}`)
          .sort();
        return [name, { columns: columns.sort(), indexes }];
      }),
    );
  } finally {
    db.close();
  }
}

describe("migrations", () => {
  it("build exactly the database the Prisma schema describes", async () => {
    const migrated = freshDatabase();
    const pushed = path.join(dir, "pushed.db");
    // Asynchronous, so the test runner keeps its own clock while Prisma works.
    await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, "node_modules/prisma/build/index.js"), "db", "push", "--skip-generate"],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `file:${pushed}`, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      },
    );
    try {
      expect(shape(migrated.file)).toEqual(shape(pushed));
    } finally {
      await migrated.close();
    }
    // Prisma's CLI starts its schema engine from WebAssembly: seconds here, more on a loaded machine.
  }, 240_000);
});
