import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { glas } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-cli-audit-"));
const env = { DATABASE_URL: `file:${path.join(dir, "glas.db")}`, TIMEZONE: "Europe/Chisinau" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("glas audit", () => {
  it("lists what the operator did, as a table and as CSV for the data-protection officer", async () => {
    const invite = await glas(["invite", "--role", "social_worker", "--service", "DEMO"], { env });
    expect(invite.code, invite.stderr).toBe(0);
    const [exported, summary] = await Promise.all([
      glas(
        [
          "export",
          "--survey",
          "beneficiary-satisfaction",
          "--from",
          "2026-11-01",
          "--to",
          "2026-11-30",
          "--out",
          path.join(dir, "a.csv"),
        ],
        { env },
      ),
      glas(["summary", "--period", "month", "--service", "DEMO", "--lang", "en"], { env }),
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(summary.code, summary.stderr).toBe(0);

    const [table, csv, later, badDay, badFormat] = await Promise.all([
      glas(["audit"], { env }),
      glas(["audit", "--format", "csv", "--since", "2026-01-01"], { env }),
      glas(["audit", "--since", "2999-01-01"], { env }),
      glas(["audit", "--since", "yesterday"], { env }),
      glas(["audit", "--format", "pdf"], { env }),
    ]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^time\s+actor\s+staff\s+role\s+action\s+service\s+locality\s+period\s+detail$/);
    expect(lines[1]).toMatch(/^-+\s+-+/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(1))).toEqual(
      expect.arrayContaining([
        ["operator", "operator", "invite.issued", "DEMO", "Demo", "role social_worker"],
        ["operator", "operator", "export", "2026-11-01..2026-11-30", "survey beneficiary-satisfaction, csv"],
        ["operator", "operator", "summary.asked", "DEMO", "Demo", "month:2026-10"],
      ]),
    );
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);

    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trimEnd().split("\n");
    expect(rows[0]).toBe('"time","actor","staff","role","action","service","locality","period","detail"');
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => /^"[^"]*"(,"[^"]*")*$/.test(r))).toBe(true);
    expect(csv.stdout).toContain('"operator","","operator","invite.issued","DEMO","Demo","","role social_worker"');

    expect(later.code).toBe(0);
    expect(later.stdout).toBe("Nothing recorded since 2999-01-01.\n");
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain("--since must be a day like 2026-11-01");
    expect(badFormat.code).toBe(2);
  });
});
