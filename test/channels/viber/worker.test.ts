import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigJson, type FakeViber, sign, startFakeViber } from "../../support/fake-viber.ts";
import { startWranglerDev, type WranglerDev } from "../../support/wrangler.ts";

let fake: FakeViber;
let worker: WranglerDev;
let base: string;

beforeAll(async () => {
  fake = await startFakeViber();
  worker = await startWranglerDev({
    VIBER_AUTH_TOKEN: fake.token,
    VIBER_BOT_NAME: "Glas",
    VIBER_API_ROOT: fake.url,
    LOG_LEVEL: "warn",
  });
  base = worker.base;
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});

const USER = { id: "d29ya2VyVXNlcjAwMQ==", name: "Test", language: "ro", country: "MD", api_version: 10 };
const post = (body: string, signature = sign(fake.token, body)) =>
  fetch(`${base}/viber/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Viber-Content-Signature": signature },
    body,
  });

describe("the Viber channel in the Workers build, under wrangler dev", () => {
  it("reports Viber on in /health", async () => {
    const response = await fetch(`${base}/health`);
    expect(await response.json()).toMatchObject({ channels: { viber: "on" } });
  });

  it("refuses a wrong signature with 401", async () => {
    const body = bigJson({ event: "webhook", timestamp: Date.now(), message_token: "5912661846655238141" });
    expect((await post(body, sign("another-token", body))).status).toBe(401);
  });

  it("answers conversation_started with the welcome, then sends the next message through the outbox", async () => {
    const opened = await post(
      bigJson({
        event: "conversation_started",
        timestamp: Date.now(),
        message_token: "5912661846655239001",
        type: "open",
        user: USER,
        subscribed: false,
      }),
    );
    expect(opened.status).toBe(200);
    const welcome = (await opened.json()) as { type: string; keyboard: { Buttons: { ActionBody: string }[] } };
    expect(welcome.type).toBe("text");
    expect(welcome.keyboard.Buttons.map((b) => b.ActionBody)).toEqual([
      "btn:lang:ro",
      "btn:lang:ru",
      "btn:lang:uk",
      "btn:lang:en",
    ]);
    const tap = bigJson({
      event: "message",
      timestamp: Date.now(),
      message_token: "5912661846655239002",
      sender: USER,
      message: { type: "text", text: "btn:lang:ro" },
    });
    expect((await post(tap)).status).toBe(200);
    for (let i = 0; i < 40 && fake.sentTo(USER.id).length === 0; i++) await new Promise((r) => setTimeout(r, 250));
    const [sent] = fake.sentTo(USER.id);
    expect(String(sent?.body.text)).toMatch(/^Răspunsul dumneavoastră: Română/);
    expect(sent?.messageToken).toMatch(/^\d{19}$/);
  });
});
