import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers } from "../../src/channels/registry.ts";
import { createAdminApi } from "../../src/http/api/index.ts";
import { createApp } from "../../src/http/app.ts";
import { createConsultationJob } from "../../src/usecases/staff/job.ts";
import { t } from "../support/db.ts";
import { type Harness, telegramHarness, telegramUser } from "../support/telegram.ts";

const TOKEN = "admin-token-0123456789abcdef";
let clock = Date.parse("2026-06-03T08:00:00Z"); // 11:00 in Chisinau
const now = () => new Date(clock);

let h: Harness;
let api: ReturnType<typeof createApp>;
let job: ReturnType<typeof createConsultationJob>;
let wakes = 0;

beforeAll(async () => {
  h = await telegramHarness({ now });
  await h.db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  await h.db.store.services.add({ code: "DC2", name: "Echipa mobilă", locality: "Comrat" });
  await telegramUser(h, { id: 9_400_000_010, language: "ro" }).text("/start svc_DC2");
  for (const [id, language] of [
    [9_400_000_001, "ro"],
    [9_400_000_002, "ru"],
    [9_400_000_003, "uk"],
    [9_400_000_004, "ro"],
    [9_400_000_005, "ru"],
    [9_400_000_006, "en"],
  ] as const) {
    await telegramUser(h, { id, language }).text("/start svc_DC1");
  }
  job = createConsultationJob({ store: h.db.store, renderers: broadcastRenderers(t), log: h.log, defaultLocale: "ro" });
  const admin = createAdminApi({
    token: TOKEN,
    store: h.db.store,
    log: h.log,
    defaultLocale: "ro",
    timezone: "Europe/Chisinau",
    minCell: 5,
    wake: () => {
      wakes++;
    },
    now,
  });
  api = createApp({ log: h.log, pingDatabase: () => h.db.store.ping(), channels: { telegram: "on", viber: "off" }, api: admin });
});
afterAll(() => h.close());

function call(method: string, path: string, body?: unknown, token: string | null = TOKEN, headers: Record<string, string> = {}) {
  return api.request(path, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}

const valid = {
  text: {
    ro: "Ce zi vă convine pentru vizita echipei mobile?",
    ru: "Какой день вам удобен?",
    uk: "Який день вам зручний?",
    en: "Which day suits you?",
  },
  choices: [
    { ro: "Luni", ru: "Понедельник", uk: "Понеділок", en: "Monday" },
    { ro: "Joi", ru: "Четверг", uk: "Четвер", en: "Thursday" },
  ],
  audience: { service: "DC1" },
};

describe("admin API authentication", () => {
  it.each<{ label: string; token: string | null; headers: Record<string, string> }>([
    { label: "no token", token: null, headers: {} },
    { label: "a wrong token", token: `${TOKEN}x`, headers: {} },
    { label: "a prefix of the token", token: TOKEN.slice(0, 10), headers: {} },
    { label: "Basic instead of Bearer", token: null, headers: { authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } },
  ])("answers $label with 401 and does nothing", async ({ token, headers }) => {
    const before = h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "Consultation"`).get();
    for (const [method, path] of [
      ["POST", "/api/consultations"],
      ["GET", "/api/consultations/abc"],
      ["POST", "/api/consultations/abc/send"],
    ] as const) {
      const response = await call(method, path, method === "POST" ? valid : undefined, token, headers);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "Consultation"`).get()).toEqual(before);
  });

  it("is not there at all without ADMIN_TOKEN", async () => {
    const off = createApp({
      log: h.log,
      pingDatabase: async () => {},
      channels: { telegram: "off", viber: "off" },
      api: createAdminApi({
        token: undefined,
        store: h.db.store,
        log: h.log,
        defaultLocale: "ro",
        timezone: "UTC",
        minCell: 5,
        wake: () => {},
      }),
    });
    expect((await off.request("/api/openapi.json")).status).toBe(404);
    expect(
      (await off.request("/api/consultations", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
  });
});

describe("POST /api/consultations", () => {
  it.each([
    { label: "malformed JSON", body: '{"text": {', path: null },
    { label: "no text", body: { audience: { all: true } }, path: ["text"] },
    { label: "a text in no language", body: { text: {}, audience: { all: true } }, path: ["text"] },
    { label: "a language Glas does not speak", body: { text: { fr: "Quel jour ?" }, audience: { all: true } }, path: ["text"] },
    { label: "an empty question", body: { text: { ro: "   " }, audience: { all: true } }, path: ["text", "ro"] },
    { label: "a single choice", body: { ...valid, choices: [{ ro: "Luni" }] }, path: ["choices"] },
    {
      label: "eleven choices",
      body: { ...valid, choices: Array.from({ length: 11 }, (_, i) => ({ ro: `Zi ${i}` })) },
      path: ["choices"],
    },
    { label: "an audience that is not all: true", body: { ...valid, audience: { all: false } }, path: ["audience"] },
    { label: "two audiences at once", body: { ...valid, audience: { all: true, service: "DC1" } }, path: ["audience"] },
    { label: "an unknown service", body: { ...valid, audience: { service: "NOPE" } }, path: ["audience", "service"] },
    { label: "an unknown locality", body: { ...valid, audience: { locality: "Atlantis" } }, path: ["audience", "locality"] },
    // Replies would not be anonymous among so few: the only one who started the bot at DC2.
    { label: "an audience under MIN_CELL", body: { ...valid, audience: { service: "DC2" } }, path: ["audience"] },
    {
      label: "a choice without the question's language",
      body: { ...valid, choices: [{ ro: "Luni" }, { en: "Thursday" }] },
      path: ["choices", 1, "ro"],
    },
    { label: "an unknown field", body: { ...valid, priority: 9 }, path: [] },
  ])("answers $label with 400 and the issues", async ({ body, path }) => {
    const response = await call("POST", "/api/consultations", body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: string; issues?: { path: (string | number)[]; message: string }[] };
    expect(json.error).toBeTruthy();
    if (path) expect(json.issues?.map((i) => i.path)).toContainEqual(path);
  });

  it("answers 413 to a body over 64 KB", async () => {
    const response = await call("POST", "/api/consultations", { ...valid, text: { ro: "x".repeat(70_000) } });
    expect(response.status).toBe(413);
  });
});

describe("a consultation through the API", () => {
  let id: string;

  it("is created (201), then sent (202) once, then followed to its replies", async () => {
    const created = await call("POST", "/api/consultations", valid);
    expect(created.status).toBe(201);
    ({ id } = (await created.json()) as { id: string });
    expect(id).toMatch(/^[a-z0-9]{12}$/);
    expect(await (await call("GET", `/api/consultations/${id}`)).json()).toEqual({
      id,
      status: "draft",
      scheduledAt: null,
      total: 0,
      sent: 0,
      failed: 0,
      pending: 0,
      replies: 0,
      choices: [0, 0],
    });

    const sent = await call("POST", `/api/consultations/${id}/send`);
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ id, status: "sending", scheduledAt: now().toISOString() });
    expect(wakes).toBe(1);
    expect((await call("POST", `/api/consultations/${id}/send`)).status).toBe(202); // again: changes nothing

    await job.tick(now());
    await job.tick(now());
    expect(await (await call("GET", `/api/consultations/${id}`)).json()).toMatchObject({
      status: "sending",
      total: 6,
      sent: 0,
      pending: 6,
    });
    await h.drain();
    const ro = telegramUser(h, { id: 9_400_000_001, language: "ro" });
    const message = ro.lastKeyboardMessage();
    // The question, then the promise that the reply is anonymous.
    expect(message.text).toMatch(/Ce zi vă convine pentru vizita echipei mobile\?\n+🔒 Răspunsul dumneavoastră este anonim/);
    expect(message.buttons.map((b) => b.text)).toEqual(["Luni", "Joi"]);
    await ro.tap(2);
    const uk = telegramUser(h, { id: 9_400_000_003, language: "uk" });
    expect(uk.lastKeyboardMessage().buttons.map((b) => b.text)).toEqual(["Понеділок", "Четвер"]);
    await job.tick(now());
    expect(await (await call("GET", `/api/consultations/${id}`)).json()).toEqual({
      id,
      status: "sent",
      scheduledAt: now().toISOString(),
      total: 6,
      sent: 6,
      failed: 0,
      pending: 0,
      // One reply: under MIN_CELL, it reads "<5", and so does its choice; a known zero shows.
      replies: "<5",
      choices: [0, "<5"],
    });
    expect(h.fake.callsTo("sendMessage").filter((c) => String(c.params.text).includes("echipei mobile"))).toHaveLength(2); // the two in Romanian
  });

  it("waits for 08:00 when sent during quiet hours", async () => {
    const created = (await (
      await call("POST", "/api/consultations", { text: { ru: "Вопрос ночью" }, audience: { locality: "Cahul" } })
    ).json()) as { id: string };
    clock = Date.parse("2026-06-03T20:30:00Z"); // 23:30 in Chisinau
    const sent = await call("POST", `/api/consultations/${created.id}/send`);
    expect(await sent.json()).toMatchObject({ status: "scheduled", scheduledAt: "2026-06-04T05:00:00.000Z", total: 0 });
    await job.tick(now());
    expect(await (await call("GET", `/api/consultations/${created.id}`)).json()).toMatchObject({
      status: "scheduled",
      total: 6,
      pending: 6,
      choices: null,
    });
  });

  it.each([
    ["GET", "/api/consultations/zzzzzzzzzzzz"],
    ["POST", "/api/consultations/zzzzzzzzzzzz/send"],
    ["GET", "/api/consultations/not-an-id"],
  ] as const)("answers %s %s with 404 for an unknown id", async (method, path) => {
    const response = await call(method, path);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });
});

describe("GET /api/openapi.json", () => {
  it("documents every route, from the same schemas, with bearer security", async () => {
    const response = await call("GET", "/api/openapi.json", undefined, null);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/consultations",
      "/api/consultations/{id}",
      "/api/consultations/{id}/send",
      "/api/feedback",
    ]);
    expect(Object.keys(doc.paths["/api/consultations"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/consultations/{id}/send"]?.post?.responses ?? {}).sort()).toEqual([
      "202",
      "400",
      "401",
      "404",
    ]);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
    expect(Object.keys(doc.components.schemas.ConsultationReport?.properties ?? {})).toEqual(
      expect.arrayContaining(["id", "status", "total", "sent", "failed", "pending", "replies"]),
    );
    expect(Object.keys(doc.components.schemas.NewConsultation?.properties ?? {}).sort()).toEqual(["audience", "choices", "text"]);
  });

  it("never logs the token", () => {
    expect(h.log.lines.join("\n")).not.toContain(TOKEN);
  });
});
