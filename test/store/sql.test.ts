import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shareConnection } from "../../src/store/prisma/sql.ts";
import { freshDatabase, type TestDatabase, throughTheAdapter } from "../support/db.ts";

let db: TestDatabase;
beforeAll(() => {
  db = freshDatabase();
  db.sql.exec(`CREATE TABLE "Probe" ("id" TEXT PRIMARY KEY, "n" INTEGER, "x" REAL, "t" TEXT, "at" DATETIME)`);
});
afterAll(() => db.close());

describe("plain SQL on the shared connection", () => {
  it("reads and writes the same on better-sqlite3's kept statements as through the adapter", async () => {
    const fast = shareConnection(new PrismaBetterSQLite3({ url: db.url })).sql;
    const slow = shareConnection(throughTheAdapter(new PrismaBetterSQLite3({ url: db.url }))).sql;
    const insert = `INSERT INTO "Probe" ("id", "n", "x", "t", "at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("id") DO NOTHING`;
    expect(await fast.execute(insert, "a", 2 ** 40, 0.5, "ș ț ы", "2026-11-24T08:00:00.000+00:00")).toBe(1);
    expect(await slow.execute(insert, "b", -3, null, null, null)).toBe(1);
    expect(await fast.execute(insert, "a", 1, 1, "again", null)).toBe(0);
    for (let i = 0; i < 3; i++) {
      const select = `SELECT "id", "n", "x", "t", "at", COUNT(*) OVER () AS "rows" FROM "Probe" ORDER BY "id"`;
      const [viaFast, viaSlow] = [await fast.query(select), await slow.query(select)];
      // The adapter hands integers over as text (D1 as numbers); callers read them with Number().
      const numbers = (rows: Record<string, unknown>[]) =>
        rows.map((r) => ({ ...r, n: r.n === null ? null : Number(r.n), rows: Number(r.rows) }));
      expect(viaFast).toEqual(numbers(viaSlow as Record<string, unknown>[]));
      expect(viaFast).toEqual([
        { id: "a", n: 2 ** 40, x: 0.5, t: "ș ț ы", at: "2026-11-24T08:00:00.000+00:00", rows: 2 },
        { id: "b", n: -3, x: null, t: null, at: null, rows: 2 },
      ]);
    }
    expect(await fast.query(`UPDATE "Probe" SET "n" = "n" + 1 WHERE "id" = ?`, "b")).toEqual([]);
    expect(await fast.query(`SELECT "n" FROM "Probe" WHERE "id" = ?`, "b")).toEqual([{ n: -2 }]);
  });
});
