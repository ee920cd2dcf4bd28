import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { glas, ROOT, startServe } from "../support/cli.ts";
import { executedSources } from "../support/executed.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const survey = YAML.parse(readFileSync(path.join(ROOT, "surveys/child-feedback.yaml"), "utf8"));

describe("glas survey validate", () => {
  it("accepts the shipped surveys", async () => {
    for (const file of ["surveys/beneficiary-satisfaction.yaml", "surveys/child-feedback.yaml"]) {
      const result = await glas(["survey", "validate", file]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("valid survey");
    }
  });

  it("prints every error with its path and exits 1, naming the question and locale of a missing translation", async () => {
    const broken = structuredClone(survey);
    delete broken.questions[1].label.uk;
    broken.questions[2].type = "slider";
    const file = path.join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(broken));
    const result = await glas(["survey", "validate", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `questions.1.label.uk: survey "child-feedback", question "${broken.questions[1].name}": missing translation for "uk"`,
    );
    expect(result.stderr).toContain("questions.2");
    expect(result.stderr).toContain("2 error(s)");
  });

  it("explains a file that is not YAML", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "slug: [unclosed\n");
    const result = await glas(["survey", "validate", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not valid YAML/);
  });

  it("exits 2 on a missing argument", async () => {
    const result = await glas(["survey", "validate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument");
  });
});

describe("commands on a new database file", () => {
  const url = `file:${path.join(dir, "new", "glas.db")}`;

  it("migrate creates the file and its folder, then finds nothing to do", async () => {
    const first = await glas(["migrate"], { env: { DATABASE_URL: url } });
    expect(first.code, first.stderr).toBe(0);
    const migrations = readdirSync(path.join(ROOT, "prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(first.stdout).toContain(`Applied ${migrations.length} migration(s)`);
    const second = await glas(["migrate"], { env: { DATABASE_URL: url } });
    expect(second.stdout).toContain("is up to date");
  });

  it("survey import stores a version, and a changed file a new one", async () => {
    const file = path.join(dir, "child.yaml");
    writeFileSync(file, YAML.stringify(survey));
    const fresh = `file:${path.join(dir, "import", "glas.db")}`;
    expect((await glas(["survey", "import", file], { env: { DATABASE_URL: fresh } })).stdout).toContain("as version 1");
    expect((await glas(["survey", "import", file], { env: { DATABASE_URL: fresh } })).stdout).toContain("unchanged (version 1)");
    writeFileSync(file, YAML.stringify({ ...survey, thanks: { ...survey.thanks, en: "Thanks a lot!" } }));
    expect((await glas(["survey", "import", file], { env: { DATABASE_URL: fresh } })).stdout).toContain("as version 2");
    const list = await glas(["survey", "list"], { env: { DATABASE_URL: fresh } });
    expect(list.stdout).toMatch(/child-feedback\tv2/);
    expect(list.stdout).toMatch(/beneficiary-satisfaction\tv1/);
  });

  it("service add and list, refusing a code twice", async () => {
    const env = { DATABASE_URL: url };
    const added = await glas(["service", "add", "--code", "DC1", "--name", "Centrul de zi „Speranța”", "--locality", "Cahul"], {
      env,
    });
    expect(added.code, added.stderr).toBe(0);
    const again = await glas(["service", "add", "--code", "DC1", "--name", "x"], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a service with code "DC1" already exists');
    const list = await glas(["service", "list"], { env });
    expect(list.stdout).toContain("DC1\tCentrul de zi „Speranța”\tCahul");
    expect(list.stdout).toContain("DEMO\t");
    const bad = await glas(["service", "add", "--code", "no spaces", "--name", "x"], { env });
    expect(bad.code).toBe(2);
  });

  it("stops with one line naming a bad variable", async () => {
    const result = await glas(["migrate"], { env: { DATABASE_URL: url, TIMEZONE: "Mars/Olympus" } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("TIMEZONE is not a known IANA time zone");
  });
});

describe("npm start", () => {
  it("serves /health on a new database, with the default survey and demo service loaded, before loading what drawing and the admin API need", async () => {
    const data = path.join(dir, "serve");
    const coverage = path.join(dir, "serve-coverage");
    const server = await startServe({
      DATABASE_URL: `file:${path.join(data, "glas.db")}`,
      ADMIN_TOKEN: "start-test-admin-token-0123",
      NODE_V8_COVERAGE: coverage,
    });
    try {
      const health = await fetch(`${server.base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: "ok", channels: { telegram: "off", viber: "off" } });
      // The start-up chores follow once the server answers: here, the warning that no focal point reads sensitive messages.
      await vi.waitFor(() => expect(server.stderr()).toContain("no focal point"), { timeout: 15_000, interval: 100 });
      expect(server.stdout()).toContain("npm run simulate");
      await server.stop();
      // Charts, workbooks and their fonts load with the first page or summary that draws one:
      // none of their code ran in a server that started, answered and did its chores.
      const loaded = executedSources(coverage);
      expect(loaded.some((source) => source.endsWith("src/compose.ts"))).toBe(true);
      for (const part of ["node_modules/echarts/", "node_modules/zrender/", "node_modules/exceljs/", "node_modules/@resvg/"]) {
        expect(loaded.filter((source) => source.includes(part))).toEqual([]);
      }
      // Nor the admin API's schemas, which load with its first request.
      expect(loaded.filter((source) => source.includes("node_modules/@asteasolutions/zod-to-openapi/"))).toEqual([]);
      for (const file of ["src/web/charts.ts", "src/reports/chart.ts", "src/reports/workbook.ts", "src/http/api/index.ts"]) {
        expect(loaded.filter((source) => source.endsWith(file))).toEqual([]);
      }
      expect(existsSync(path.join(data, "glas.db"))).toBe(true);
      const sql = new Database(path.join(data, "glas.db"), { readonly: true });
      expect(sql.prepare(`SELECT slug FROM "Survey" ORDER BY slug`).all()).toEqual([
        { slug: "beneficiary-satisfaction" },
        { slug: "child-feedback" },
      ]);
      expect(sql.prepare(`SELECT code FROM "Service"`).all()).toEqual([{ code: "DEMO" }]);
      sql.close();
    } finally {
      await server.stop();
    }
  });
});
