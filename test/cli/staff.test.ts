import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import { respond } from "../../src/usecases/respond.ts";
import { DEFAULT_SURVEY } from "../../src/usecases/surveys.ts";
import { glas } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-cli-staff-"));
const env = { DATABASE_URL: `file:${path.join(dir, "glas.db")}` };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The person sends `/join CODE` to the bot (the use case on the same database file). */
async function joinWith(code: string, platformId: string): Promise<void> {
  const store = createPrismaStore(openDatabase(env.DATABASE_URL));
  try {
    await respond(
      { store, log: silentLogger, defaultLocale: "en", defaultSurvey: DEFAULT_SURVEY },
      { channel: "telegram", platformId, type: "command", command: "join", payload: code },
    );
  } finally {
    await store.close();
  }
}

const CODE = /Invite code: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/;

describe("glas invite, staff list, staff revoke", () => {
  it("checks its arguments", async () => {
    const empty = await glas(["staff", "list"], { env }); // first: creates and migrates the database
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain("No staff yet");
    const [badRole, unknown] = await Promise.all([
      glas(["invite", "--role", "admin"], { env }),
      glas(["invite", "--role", "social_worker", "--service", "NOPE"], { env }),
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("--role must be social_worker or directorate");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no service with code "NOPE"');
  });

  it("issues codes, then lists the members who joined, without names or chat ids", async () => {
    const [worker, directorate] = await Promise.all([
      glas(["invite", "--role", "social_worker", "--service", "DEMO"], { env }),
      glas(["invite", "--role", "directorate"], { env }),
    ]);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stdout).toMatch(/may consult the beneficiaries of DEMO/);
    expect(worker.stdout).toMatch(/Single use, valid until \d{4}-\d\d-\d\dT/);
    const codes = [worker.stdout, directorate.stdout].map((out) => CODE.exec(out)?.[1] ?? "");
    expect(codes.every((c) => c.length === 14)).toBe(true);
    expect(codes[0]).not.toBe(codes[1]);

    await joinWith(codes[0] ?? "", "555000111");
    await joinWith(codes[1] ?? "", "555000222");
    const list = await glas(["staff", "list"], { env });
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toBe("id\trole\tscope\tchannel\tsince\trevoked");
    expect(
      lines.slice(1).map((l) =>
        l
          .split("\t")
          .slice(1, 4)
          .concat(l.split("\t")[5] ?? ""),
      ),
    ).toEqual([
      ["social_worker", "service DEMO", "telegram", "-"],
      ["directorate", "all", "telegram", "-"],
    ]);
    expect(list.stdout).not.toMatch(/555000/);
  });

  it("revokes a member once, and says so", async () => {
    const list = await glas(["staff", "list"], { env });
    const id = list.stdout.trim().split("\n")[1]?.split("\t")[0] ?? "";
    const revoked = await glas(["staff", "revoke", id], { env });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    const again = await glas(["staff", "revoke", id], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No active staff member with id ${id}`);
    const after = await glas(["staff", "list"], { env });
    expect(after.stdout.split("\n")[1]).toMatch(/\t\d{4}-\d\d-\d\d$/);
  });
});
