import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { glas } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-cli-purge-"));
const file = path.join(dir, "glas.db");
const env = { DATABASE_URL: `file:${file}` };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const old = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace("Z", "+00:00");

describe("glas purge", () => {
  it("applies retention now and prints what it removed, by kind", async () => {
    expect((await glas(["migrate"], { env })).code).toBe(0);
    const db = new Database(file);
    const update = db.prepare(`INSERT INTO "ProcessedUpdate" (channel, "externalId", "createdAt") VALUES ('telegram', ?, ?)`);
    update.run("tg:1", old(8));
    update.run("tg:2", old(9));
    update.run("tg:3", old(1));
    const outbox = db.prepare(
      `INSERT INTO "Outbox" (id, channel, recipient, payload, status, "dedupeKey", "createdAt", "sentAt", "notBefore") VALUES (?, 'telegram', '', '', ?, ?, ?, ?, ?)`,
    );
    outbox.run("o1", "sent", "reply:1", old(40), old(40), old(40));
    outbox.run("o2", "pending", "reply:2", old(40), null, old(40));
    db.close();

    const purged = await glas(["purge"], { env });
    expect(purged.code, purged.stderr).toBe(0);
    const lines = purged.stdout.split("\n");
    expect(lines[0]).toBe("Removed, by kind:");
    const line = (label: string) =>
      lines
        .find((l) => l.includes(label))
        ?.trim()
        .split(/\s{2,}/);
    expect(line("processed update ids older than 7 days")).toEqual(["processed update ids older than 7 days", "2"]);
    expect(line("sent or failed messages older than 30 days")?.[1]).toBe("1");
    expect(line("typed survey comments older than 365 days")?.[1]).toBe("0");
    expect(line("people inactive for 730 days, erased as by /forget")?.[1]).toBe("0");
    expect(line("audit entries older than 2 years")?.[1]).toBe("0");
    expect(purged.stdout).toMatch(/Done in \d+\.\d s\.\n$/);

    const after = new Database(file, { readonly: true });
    expect(after.prepare(`SELECT "externalId" FROM "ProcessedUpdate"`).all()).toEqual([{ externalId: "tg:3" }]);
    expect(after.prepare(`SELECT id FROM "Outbox"`).all()).toEqual([{ id: "o2" }]);
    after.close();
  });

  it("takes its periods from RETENTION_COMMENT_DAYS and RETENTION_INACTIVE_DAYS, and names a bad one", async () => {
    const [custom, bad] = await Promise.all([
      glas(["purge"], { env: { ...env, RETENTION_COMMENT_DAYS: "90", RETENTION_INACTIVE_DAYS: "400" } }),
      glas(["purge"], { env: { ...env, RETENTION_INACTIVE_DAYS: "0" } }),
    ]);
    expect(custom.code, custom.stderr).toBe(0);
    expect(custom.stdout).toContain("typed survey comments older than 90 days");
    expect(custom.stdout).toContain("people inactive for 400 days");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("RETENTION_INACTIVE_DAYS must be at least 1");
  });
});
