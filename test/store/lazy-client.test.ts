import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/store/prisma/client.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { lazyClient } from "../../src/store/prisma/lazy-client.ts";
import { freshDatabase } from "../support/db.ts";

/** A stand-in with the shape Glas uses: model methods, and $disconnect. */
function standIn() {
  const calls: string[] = [];
  const client = {
    survey: {
      findMany: async (args: unknown) => {
        calls.push(`findMany ${JSON.stringify(args)}`);
        return [{ slug: "a" }];
      },
    },
    $disconnect: async () => {
      calls.push("disconnect");
    },
  };
  return { calls, client: client as unknown as PrismaClient };
}

describe("lazyClient", () => {
  it("makes the client with the first query, once for queries made at the same moment, and hands each call on", async () => {
    const { calls, client } = standIn();
    let made = 0;
    const db = lazyClient(async () => {
      made++;
      return client;
    });
    expect(made).toBe(0);
    const results = await Promise.all([db.survey.findMany({ take: 1 }), db.survey.findMany({ take: 2 })]);
    expect(made).toBe(1);
    expect(results).toEqual([[{ slug: "a" }], [{ slug: "a" }]]);
    expect(calls).toEqual(['findMany {"take":1}', 'findMany {"take":2}']);
    await db.$disconnect();
    expect(calls.at(-1)).toBe("disconnect");
  });

  it("makes nothing to disconnect when no query was made", async () => {
    let made = 0;
    const db = lazyClient(async () => {
      made++;
      return standIn().client;
    });
    await db.$disconnect();
    expect(made).toBe(0);
  });

  it("tries to make the client again after a failed attempt", async () => {
    const { client } = standIn();
    let attempts = 0;
    const db = lazyClient(async () => {
      attempts++;
      if (attempts === 1) throw new Error("runtime failed to load");
      return client;
    });
    await expect(db.survey.findMany({})).rejects.toThrow("runtime failed to load");
    await expect(db.survey.findMany({})).resolves.toEqual([{ slug: "a" }]);
    expect(attempts).toBe(2);
  });

  it("is the client openDatabase gives: Prisma's queries work on a real SQLite file, beside plain SQL", async () => {
    const db = freshDatabase();
    try {
      const { prisma, sql } = openDatabase(db.url);
      await sql.execute(
        `INSERT INTO "Locality" ("id", "name", "createdAt") VALUES ('l1', 'Cahul', '2026-11-30T00:00:00.000+00:00')`,
      );
      expect(await prisma.locality.findMany({ select: { name: true } })).toEqual([{ name: "Cahul" }]);
      await prisma.$disconnect();
    } finally {
      await db.close();
    }
  });
});
