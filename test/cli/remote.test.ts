import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glas, ROOT, type RunningServe, startServe } from "../support/cli.ts";

const TOKEN = "remote-admin-token-0123456789";
const dir = mkdtempSync(path.join(tmpdir(), "glas-remote-"));
let server: RunningServe;
let base: string;

beforeAll(async () => {
  server = await startServe({ DATABASE_URL: `file:${path.join(dir, "server.db")}`, ADMIN_TOKEN: TOKEN });
  base = server.base;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI with GLAS_URL: its own DATABASE_URL points at a file that must never appear. */
const local = path.join(dir, "never-created.db");
const remote = (args: string[], token = TOKEN) =>
  glas(args, { env: { GLAS_URL: base, ADMIN_TOKEN: token, DATABASE_URL: `file:${local}`, DEFAULT_LOCALE: "en" } });

describe("the command line against a running Glas (GLAS_URL, ADMIN_TOKEN)", () => {
  it("adds and lists services, refusing a code twice, on the server's database", async () => {
    const added = await remote(["service", "add", "--code", "DC1", "--name", "Day centre", "--locality", "Cahul"]);
    expect(added.stderr).toBe("");
    expect(added.stdout).toBe("Added service DC1 (Day centre, Cahul).\n");
    const again = await remote(["service", "add", "--code", "DC1", "--name", "Other"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/DC1/);
    const listed = await remote(["service", "list"]);
    expect(listed.stdout).toContain("DC1\tDay centre\tCahul\t(default survey)\n");
    expect(listed.stdout).toContain("DEMO\t");
    const unknownSurvey = await remote(["service", "add", "--code", "DC2", "--name", "X", "--survey", "nope"]);
    expect(unknownSurvey.code).toBe(1);
    expect(unknownSurvey.stderr).toBe('No survey "nope": import it first with "glas survey import FILE".\n');
  });

  it("imports a survey (a second time: unchanged), lists it, and prints a bad file's errors", async () => {
    const file = path.join(ROOT, "test/fixtures/surveys/all-types.yaml");
    const first = await remote(["survey", "import", file]);
    expect(first.stdout).toMatch(/^Imported "[\w-]+" as version 1\.\n$/);
    expect((await remote(["survey", "import", file])).stdout).toMatch(/is unchanged \(version 1\)/);
    expect((await remote(["survey", "list"])).stdout).toContain("beneficiary-satisfaction\tv1\t");
    const bad = path.join(dir, "bad.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(bad, JSON.stringify({ slug: "Bad Slug" }));
    const refused = await remote(["survey", "import", bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}: slug: `);
  });

  it("issues an invite, lists no staff yet, and refuses to revoke someone unknown", async () => {
    const invite = await remote(["invite", "--role", "social_worker", "--service", "DC1"]);
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(
      /^Invite code: \S+\nRole: social_worker; may consult the beneficiaries of DC1 \(Day centre\)\./,
    );
    const wrong = await remote(["invite", "--role", "directorate", "--service", "NOPE"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('no service with code "NOPE"\n');
    expect((await remote(["staff", "list"])).stdout).toBe(
      'No staff yet: issue a code with "glas invite --role social_worker".\n',
    );
    const revoke = await remote(["staff", "revoke", "nobody"]);
    expect(revoke.code).toBe(1);
    expect(revoke.stderr).toBe('No active staff member with id nobody (see "glas staff list").\n');
  });

  it("prints the summary and writes its workbook and chart, says there is nobody to send it to", async () => {
    const out = path.join(dir, "s.xlsx");
    const chart = path.join(dir, "s.png");
    const summary = await remote(["summary", "--from", "2026-01-01", "--to", "2026-01-31", "--out", out, "--chart", chart]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain("2026");
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
    expect(readFileSync(chart).subarray(1, 4).toString()).toBe("PNG");
    const send = await remote(["summary", "--send"]);
    expect(send.code).toBe(1);
    expect(send.stderr).toContain("Nobody to send it to");
    const unknown = await remote(["summary", "--service", "NOPE"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('No service with code "NOPE": see "glas service list".\n');
  });

  it("streams an export into the file, and says when the survey is unknown", async () => {
    const out = path.join(dir, "answers.csv");
    const exported = await remote(["export", "--survey", "beneficiary-satisfaction", "--out", out, "--lang", "en"]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(`Exported 0 completed surveys to ${out}.\n`);
    expect(readFileSync(out, "utf8").startsWith('\uFEFF"No.","Completed","Service","Locality","Language"')).toBe(true);
    const unknown = await remote(["export", "--survey", "nope", "--out", path.join(dir, "x.csv")]);
    expect(unknown.code).toBe(1);
    expect(existsSync(path.join(dir, "x.csv"))).toBe(false);
  });

  it("stops at a wrong token, and never opens the local database", async () => {
    const refused = await remote(["service", "list"], "wrong-token-wrong-token");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${base} refused ADMIN_TOKEN\n`);
    expect(existsSync(local)).toBe(false);
  });
});
