import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, type RunningServe, startServe } from "../support/cli.ts";
import { type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.ts";
import { type FakeViber, sign, startFakeViber, viberFixture } from "../support/fake-viber.ts";
import { messengersEnv } from "../support/messengers.ts";
import { SECRET } from "../support/telegram.ts";
import { SIGNATURE_HEADER } from "../support/viber.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-serve-messengers-"));
let telegram: FakeTelegram;
let viber: FakeViber;
let server: RunningServe;
let base: string;

/**
 * `glas serve` as `npm start` runs it (the compiled build when it is fresh), with both
 * messengers on: what its bundling changed (grammY's web build, viber-bot's message classes)
 * must still speak each platform's wire format.
 */
beforeAll(async () => {
  telegram = await startFakeTelegram();
  viber = await startFakeViber();
  server = await startServe({ DATABASE_URL: `file:${path.join(dir, "glas.db")}`, ...messengersEnv(telegram, viber) });
  base = server.base;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await telegram?.close();
  await viber?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("glas serve with Telegram and Viber", () => {
  it("answers a Telegram /start and a Viber message with the survey's first question, through the real APIs' shapes", async () => {
    const update = readFileSync(path.join(ROOT, "test/fixtures/telegram/start.json"), "utf8");
    const posted = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: update,
    });
    expect(posted.status).toBe(200);
    const [question] = await telegram.waitFor("sendMessage", 1, 15_000);
    expect(String(question?.params.chat_id)).toBe("7010000001");
    expect(String(question?.params.text)).toContain("Părerea dumneavoastră");
    expect(JSON.stringify(question?.params.reply_markup)).toContain("inline_keyboard");

    const body = viberFixture("message-text");
    const callback = await fetch(`${base}/viber/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(viber.token, body) },
      body,
    });
    expect(callback.status).toBe(200);
    await expect.poll(() => viber.sentTo("01234567890A=").length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [sent] = viber.sentTo("01234567890A=");
    expect(sent?.body.type).toBe("text");
    expect(String(sent?.body.text)).toContain("Părerea dumneavoastră");
    expect((sent?.body.keyboard as { Type: string } | undefined)?.Type).toBe("keyboard");

    const health = await (await fetch(`${base}/health`)).json();
    expect(health).toEqual({ status: "ok", database: "ok", channels: { telegram: "on", viber: "on" } });
  });

  it("refuses a Viber callback with a wrong signature, sending nothing", async () => {
    const before = viber.calls.length;
    const refused = await fetch(`${base}/viber/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: "0".repeat(64) },
      body: viberFixture("message-text"),
    });
    expect(refused.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(viber.calls.length).toBe(before);
  });
});
