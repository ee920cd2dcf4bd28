import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glas } from "../../support/cli.ts";
import { type FakeTelegram, ok, startFakeTelegram } from "../../support/fake-telegram.ts";
import { type ViberHarness, viberHarness } from "../../support/viber.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-viber-cli-"));
let h: ViberHarness;
let telegram: FakeTelegram;
let server: ReturnType<typeof serve>;
let publicUrl: string;

beforeAll(async () => {
  h = await viberHarness();
  telegram = await startFakeTelegram();
  // The Glas app on loopback, so that Viber's check of the webhook reaches the real route.
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      publicUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await telegram.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const viberEnv = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: `file:${path.join(dir, "glas.db")}`,
  VIBER_AUTH_TOKEN: h.fake.token,
  VIBER_BOT_NAME: "Glas",
  VIBER_API_ROOT: h.fake.url,
  TELEGRAM_BOT_TOKEN: "",
  PUBLIC_URL: "",
  ...extra,
});

describe("glas webhooks set, with Viber configured", () => {
  it("registers PUBLIC_URL/viber/webhook, after Viber's signed check reached the server", async () => {
    const before = h.count("ProcessedUpdate");
    const result = await glas(["webhooks", "set"], { env: viberEnv({ PUBLIC_URL: publicUrl }) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Viber: webhook set to ${publicUrl}/viber/webhook`);
    expect(result.stdout).toContain("viber://pa?chatURI=glastest");
    expect(h.fake.webhook).toEqual({
      url: `${publicUrl}/viber/webhook`,
      eventTypes: ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"],
    });
    expect(h.count("ProcessedUpdate")).toBe(before);
  });

  it("fails, saying the server must answer first, when the address does not answer Viber's check", async () => {
    const result = await glas(["webhooks", "set"], { env: viberEnv({ PUBLIC_URL: "http://127.0.0.1:1" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("start the server there first");
    expect(result.stderr).not.toContain(h.fake.token);
  });

  it("registers Telegram and Viber together when both are configured", async () => {
    telegram.script("setWebhook", [ok(true)]); // the fake Bot API wants https; this address is loopback http
    const result = await glas(["webhooks", "set"], {
      env: viberEnv({
        PUBLIC_URL: publicUrl,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_SECRET: "s3cret-value_123",
      }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Telegram: webhook set to ${publicUrl}/telegram/webhook`);
    expect(result.stdout).toContain(`Viber: webhook set to ${publicUrl}/viber/webhook`);
  });
});

describe("glas qr, with Viber configured", () => {
  const viberLink = "viber://pa?chatURI=glastest&context=svc_DEMO";

  it("prints the Viber code beside the Telegram one, each reading back as its link", async () => {
    const out = path.join(dir, "both.png");
    const result = await glas(["qr", "--service", "DEMO", "--out", out], {
      env: viberEnv({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url, TELEGRAM_MODE: "polling" }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("https://t.me/GlasTestBot?start=svc_DEMO");
    expect(result.stdout).toContain(viberLink);
    const png = PNG.sync.read(readFileSync(out));
    const half = (left: boolean) => {
      const width = Math.floor(png.width / 2);
      const data = new Uint8ClampedArray(width * png.height * 4);
      for (let y = 0; y < png.height; y++) {
        const from = (y * png.width + (left ? 0 : png.width - width)) * 4;
        data.set(png.data.subarray(from, from + width * 4), y * width * 4);
      }
      return jsQR(data, width, png.height)?.data;
    };
    expect(half(true)).toBe("https://t.me/GlasTestBot?start=svc_DEMO");
    expect(half(false)).toBe(viberLink);
  });

  it("prints the Viber code alone when Telegram is not configured, telling people Viber will open", async () => {
    const out = path.join(dir, "viber.svg");
    const result = await glas(["qr", "--service", "DEMO", "--lang", "ro,uk", "--out", out], { env: viberEnv() });
    expect(result.code, result.stderr).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg).toContain(viberLink.replace("&", "&#38;"));
    expect(svg).toContain("se va deschide Viber.");
    expect(svg).toContain("відкриється Viber.");
    expect(svg).not.toContain("Telegram");
  });
});
