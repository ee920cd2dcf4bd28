import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { glas, ROOT } from "../support/cli.ts";
import { type FakeTelegram, startFakeTelegram, telegramFixture } from "../support/fake-telegram.ts";
import { startWranglerDev, type WranglerDev } from "../support/wrangler.ts";

const SECRET = "worker-secret";
const ADMIN_TOKEN = "worker-admin-token-0123456789";
const survey = YAML.parse(readFileSync(path.join(ROOT, "surveys/beneficiary-satisfaction.yaml"), "utf8"));

let fake: FakeTelegram;
let worker: WranglerDev;
let base: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  worker = await startWranglerDev({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.url,
    ADMIN_TOKEN,
    LOG_LEVEL: "warn",
    PUBLIC_RESULTS: "true",
  });
  base = worker.base;
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await fake?.close();
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

  it("answers 100 webhook posts arriving at once, every one with 200, and greets every person", async () => {
    fake.reset();
    const start = telegramFixture("start") as unknown as { message: { from: { id: number }; chat: { id: number } } };
    const posts = Array.from({ length: 100 }, (_, i) => {
      const update = structuredClone(start);
      update.message.from.id = 7020000000 + i;
      update.message.chat.id = 7020000000 + i;
      return post({ ...update, update_id: 200000000 + i });
    });
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const sent = await fake.waitFor("sendMessage", 100, 40_000);
    expect(new Set(sent.map((call) => call.chatId)).size).toBe(100);
    // Marked sent on D1 (together, by claim), each with its platform id, and erased.
    const outboxRows = () => {
      const db = new Database(worker.d1File, { readonly: true });
      try {
        return db.prepare(`SELECT "status", "recipient", "externalId" FROM "Outbox"`).all() as Record<string, string | null>[];
      } finally {
        db.close();
      }
    };
    const sentRows = () => outboxRows().filter((row) => row.status === "sent");
    for (let i = 0; i < 40 && sentRows().length < 101; i++) await new Promise((r) => setTimeout(r, 250));
    expect(sentRows()).toHaveLength(101);
    expect(sentRows().filter((row) => row.recipient !== "" || row.externalId === null)).toEqual([]);
    expect(outboxRows().filter((row) => row.status === "sending")).toEqual([]);
  }, 60_000);

  it("takes a service and issues an invite from the command line on the operator's machine (GLAS_URL)", async () => {
    const env = { GLAS_URL: base, ADMIN_TOKEN, DATABASE_URL: "file:/nonexistent/never.db" };
    const added = await glas(["service", "add", "--code", "W1", "--name", "Mobile team", "--locality", "Comrat"], { env });
    expect(added.stderr).toBe("");
    expect(added.stdout).toBe("Added service W1 (Mobile team, Comrat).\n");
    const invite = await glas(["invite", "--role", "social_worker", "--service", "W1"], { env });
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(
      /^Invite code: \S+\nRole: social_worker; may consult the beneficiaries of W1 \(Mobile team\)\./,
    );
    expect((await glas(["service", "list"], { env })).stdout).toContain("W1\tMobile team\tComrat\t");
  });

  it("refuses a wrong secret", async () => {
    const response = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: { [SECRET_HEADER]: "nope" },
      body: "{}",
    });
    expect(response.status).toBe(401);
  });

  it("serves the web: the public results (embeddable), their CSV, the stylesheet, and the sign-in page for /dashboard", async () => {
    const publicPage = await fetch(`${base}/public?lang=ro`);
    expect(publicPage.status).toBe(200);
    expect(publicPage.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(await publicPage.text()).toMatch(/^<!doctype html><html lang="ro">/);
    const csv = await fetch(`${base}/public/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await fetch(`${base}/web/style.css`)).status).toBe(200);
    const dashboard = await fetch(`${base}/dashboard`, { headers: { "accept-language": "en" } });
    expect(dashboard.status).toBe(401);
    expect(await dashboard.text()).toContain("/dashboard");
  });
});
