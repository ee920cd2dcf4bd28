import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { ROOT } from "../support/cli.ts";
import { type FakeTelegram, startFakeTelegram, telegramFixture } from "../support/fake-telegram.ts";

const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const SECRET = "worker-secret";
const env = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const survey = YAML.parse(readFileSync(path.join(ROOT, "surveys/beneficiary-satisfaction.yaml"), "utf8"));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let fake: FakeTelegram;
let wrangler: ChildProcess;
let base: string;
const state = mkdtempSync(path.join(tmpdir(), "glas-d1-"));

beforeAll(async () => {
  fake = await startFakeTelegram();
  execFileSync(
    process.execPath,
    [
      WRANGLER,
      "d1",
      "execute",
      "glas",
      "--local",
      "--persist-to",
      state,
      "--file",
      "prisma/migrations/20261124000000_init/migration.sql",
    ],
    {
      cwd: ROOT,
      env,
      stdio: "pipe",
    },
  );
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const vars = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.url,
    LOG_LEVEL: "warn",
  };
  wrangler = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    { cwd: ROOT, env, stdio: "pipe", detached: true },
  );
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("wrangler dev did not start");
}, 90_000);

afterAll(async () => {
  if (wrangler?.pid) process.kill(-wrangler.pid, "SIGTERM");
  await fake?.close();
  rmSync(state, { recursive: true, force: true });
});

const post = (body: unknown) =>
  fetch(`${base}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
    body: JSON.stringify(body),
  });

describe("the Workers build under wrangler dev, on a local D1", () => {
  it("answers /health with the database and the channels", async () => {
    const response = await fetch(`${base}/health`);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", channels: { telegram: "on", viber: "off" } });
  });

  it("greets a beneficiary with the shipped survey's consent notice, through the outbox, once", async () => {
    const start = telegramFixture("start");
    expect((await post(start)).status).toBe(200);
    const [sent] = await fake.waitFor("sendMessage", 1, 20_000);
    expect(String(sent?.params.text)).toContain(survey.intro.ro.split("\n")[0]);
    expect((await post(start)).status).toBe(200); // redelivered
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
  });

  it("refuses a wrong secret", async () => {
    const response = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: { [SECRET_HEADER]: "nope" },
      body: "{}",
    });
    expect(response.status).toBe(401);
  });
});
