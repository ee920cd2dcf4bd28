import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_HEADER } from "../src/channels/telegram/routes.ts";
import { telegramFixture } from "./support/fake-telegram.ts";
import { type MessengersHarness, messengersHarness } from "./support/messengers.ts";
import { SIGNATURE_HEADER } from "./support/viber.ts";

/**
 * What the runtime is told: Workers drains only after a request that queued something, so a
 * stranger's post (refused before anything is read) must start nothing.
 */
let h: MessengersHarness;
let wakes = 0;
const now = () => new Date("2026-06-02T07:00:00Z");

beforeAll(async () => {
  h = await messengersHarness({ now, onWake: () => wakes++ });
  const service = await h.db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  for (let i = 0; i < 6; i++) {
    const r = await h.db.store.respondents.upsert("telegram", String(9_500_000_000 + i));
    await h.db.store.respondents.update(r.id, { serviceId: service.id, locale: "ro" });
  }
});
afterAll(() => h.close());

const start = { ...telegramFixture("start"), update_id: 610_000_001 };
const viberText = readFileSync(path.resolve(import.meta.dirname, "fixtures/viber/message-text.json"), "utf8");

const telegramPost = (body: string, secret = "test-webhook-secret_0123456789") =>
  h.app.request("/telegram/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", [SECRET_HEADER]: secret },
    body,
  });

describe("composeGlas tells the runtime when something was queued", () => {
  it.each<{ label: string; request: () => Response | Promise<Response>; status: number; woke: boolean }>([
    {
      label: "a Telegram post with a wrong secret",
      request: () => telegramPost(JSON.stringify(start), "nope"),
      status: 401,
      woke: false,
    },
    {
      label: "a Telegram post that is not JSON",
      request: () => telegramPost('{"update_id": 1, "message": {'),
      status: 400,
      woke: false,
    },
    { label: "a Telegram post of another shape", request: () => telegramPost("[]"), status: 400, woke: false },
    { label: "a Telegram post over 1 MB", request: () => telegramPost(`"${"x".repeat(1_100_000)}"`), status: 413, woke: false },
    {
      label: "a Viber post with a bad signature",
      request: () => h.viber.post(viberText, { [SIGNATURE_HEADER]: "0".repeat(64) }),
      status: 401,
      woke: false,
    },
    { label: "an admin call without the token", request: () => h.app.request("/api/services"), status: 401, woke: false },
    { label: "an authorised admin call that queues nothing", request: () => h.api("GET", "/services"), status: 200, woke: false },
    {
      label: "an authenticated /start (a greeting is queued)",
      request: () => telegramPost(JSON.stringify(start)),
      status: 200,
      woke: true,
    },
    {
      label: "the same update again (nothing queued twice)",
      request: () => telegramPost(JSON.stringify(start)),
      status: 200,
      woke: false,
    },
    { label: "an authenticated Viber message", request: () => h.viber.post(viberText), status: 200, woke: true },
  ])("$label: $status, woke $woke", async ({ request, status, woke }) => {
    wakes = 0;
    expect((await request()).status).toBe(status);
    expect(wakes > 0).toBe(woke);
  });

  it("wakes for an authorised consultation send, once per call", async () => {
    const created = await h.api("POST", "/consultations", { text: { ro: "Ce zi vă convine?" }, audience: { service: "DC1" } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    wakes = 0;
    expect((await h.api("POST", `/consultations/${id}/send`)).status).toBe(202);
    expect(wakes).toBe(1);
  });
});
