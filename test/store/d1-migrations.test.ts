import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { d1MigrationDrift, expectedD1Migrations } from "../../scripts/d1-migrations.mjs";
import { ROOT } from "../support/cli.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project's two migration folders, to change without touching the real ones. */
function copyOfMigrations(): string {
  const root = mkdtempSync(path.join(tmpdir(), "glas-d1m-"));
  dirs.push(root);
  cpSync(path.join(ROOT, "prisma/migrations"), path.join(root, "prisma/migrations"), { recursive: true });
  cpSync(path.join(ROOT, "migrations"), path.join(root, "migrations"), { recursive: true });
  return root;
}

describe("the flat D1 migrations folder", () => {
  it("is in step with prisma/migrations (if not: run `npm run d1:migrations` and commit migrations/)", () => {
    expect(d1MigrationDrift()).toEqual([]);
    const prisma = readdirSync(path.join(ROOT, "prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(readdirSync(path.join(ROOT, "migrations"))).toHaveLength(prisma.length);
  });

  it("gives a new Prisma migration the next number and keeps the numbers already applied", () => {
    const root = copyOfMigrations();
    // An earlier timestamp than the last: wrangler still needs it after the ones it has applied.
    mkdirSync(path.join(root, "prisma/migrations/20200101000000_late"));
    writeFileSync(path.join(root, "prisma/migrations/20200101000000_late/migration.sql"), "CREATE TABLE late (id TEXT);\n");
    expect(d1MigrationDrift(root)).toEqual([
      `migrations/${String(readdirSync(path.join(root, "migrations")).length + 1).padStart(4, "0")}_20200101000000_late.sql is missing`,
    ]);
    const files = expectedD1Migrations(root).map((m) => m.file);
    expect(files.slice(0, -1)).toEqual(readdirSync(path.join(root, "migrations")).sort());
  });

  it("reports an edited or stray file", () => {
    const root = copyOfMigrations();
    const [first] = readdirSync(path.join(root, "migrations")).sort();
    writeFileSync(path.join(root, "migrations", String(first)), "-- edited by hand\n");
    writeFileSync(path.join(root, "migrations", "extra.sql"), "SELECT 1;\n");
    expect(d1MigrationDrift(root)).toEqual([
      `migrations/${first} differs from its Prisma migration`,
      "migrations/extra.sql is not named NNNN_name.sql",
    ]);
  });
});
