import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import { glas } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-cli-feedback-"));
const env = { DATABASE_URL: `file:${path.join(dir, "glas.db")}` };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = new Date("2026-06-01T07:00:00Z");
const due = new Date("2026-06-08T20:59:59Z");

describe("glas invite --role focal_point, glas feedback list|export", () => {
  it("issues a focal point's code", async () => {
    const invite = await glas(["invite", "--role", "focal_point"], { env }); // also creates the database
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toContain("Role: focal_point");
    expect(invite.stdout).toContain("abuse, violence or exploitation");
  });

  it("lists and exports what was said and done, with no link to the person", async () => {
    const store = createPrismaStore(openDatabase(env.DATABASE_URL));
    try {
      const person = await store.respondents.upsert("telegram", "4455667788");
      const add = (ref: string, kind: "complaint" | "sensitive", text: string) =>
        store.feedback.create(
          { id: crypto.randomUUID(), ref, kind, serviceId: null, routedTo: "directorate", createdAt: at, dueAt: due },
          text,
          { respondentId: person.id, contact: "+37369000999" },
        );
      await add("F-AB23", "complaint", '=HYPERLINK("x")\n+1 more line, "quoted"');
      await add("F-CD45", "sensitive", "Only the focal point reads this");
    } finally {
      await store.close();
    }
    const out = path.join(dir, "feedback.csv");
    const [list, exported, bad] = await Promise.all([
      glas(["feedback", "list"], { env }),
      glas(["feedback", "export", "--out", out], { env }),
      glas(["feedback", "export", "--format", "pdf"], { env }),
    ]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ref\tkind\tservice/);
    expect(list.stdout).toMatch(/F-AB23\tcomplaint\t-\tdirectorate\topen\t2026-06-01\t2026-06-08\t-/);
    expect(exported.code, exported.stderr).toBe(0);
    expect(bad.code).toBe(2);
    const csv = readFileSync(out, "utf8");
    expect(csv.startsWith('\uFEFF"ref","kind"')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")\n'+1 more line, ""quoted"""`);
    for (const secret of ["4455667788", "+37369000999", "Only the focal point reads this", "telegram"]) {
      expect(csv + list.stdout).not.toContain(secret);
    }
  });
});
