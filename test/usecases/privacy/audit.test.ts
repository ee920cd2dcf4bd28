import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Phrase } from "../../../src/engine/intents.ts";
import { createAdminApi } from "../../../src/http/api/index.ts";
import { silentLogger } from "../../../src/log.ts";
import { auditDashboardSignIn } from "../../../src/usecases/privacy/audit.ts";
import type { RespondDeps } from "../../../src/usecases/respond.ts";
import { revokeStaff } from "../../../src/usecases/staff/admin.ts";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { createSummaries } from "../../../src/usecases/summaries/index.ts";
import { conversation } from "../../support/conversation.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "../../support/db.ts";

const TOKEN = "audit-test-token-0123456789";
/** Monday 10:00 in Chisinau: outside quiet hours, and the weekly summary is due. */
const NOW = new Date("2026-11-23T08:00:00Z");
let db: TestDatabase;
let deps: RespondDeps;

const entries = () => db.sql.prepare(`SELECT * FROM "AuditEntry" ORDER BY "rowid"`).all() as Record<string, string | null>[];
const last = () => entries().at(-1);
const keyOf = (p: Phrase) => (p.type === "i18n" ? p.key : p.text);

beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  const summaries = createSummaries({
    store: db.store,
    log: silentLogger,
    t,
    defaultLocale: "ro",
    timeZone: "Europe/Chisinau",
    minCell: 5,
    weeklyCron: "0 8 * * 1",
    monthlyCron: "0 8 1 * *",
    renderers: {},
    attachments: null,
    clock: () => NOW,
  });
  deps = { ...respondDeps(db.store), summaries, staff: { timezone: "Europe/Chisinau", minCell: 1 } };
  // Someone a broadcast can reach.
  await conversation(deps, "6100000001", { channel: "telegram", start: NOW }).start({ serviceCode: "DC1" });
});
afterAll(() => db.close());

describe("the audit log", () => {
  let directorStaffId = "";
  let workerStaffId = "";

  it("records an invite issued from the command line and each person who joins with one, by staff id", async () => {
    const invite = await issueInvite(db.store, { role: "directorate" }, NOW);
    expect(last()).toMatchObject({
      actor: "operator",
      staffId: null,
      role: "operator",
      action: "invite.issued",
      detail: "role directorate",
    });
    const director = conversation(deps, "6200000001", { channel: "telegram", start: NOW });
    await director.event({ type: "text", text: "x" }, {
      type: "command",
      command: "join",
      payload: invite.code,
      at: NOW.toISOString(),
    } as never);
    const member = await db.store.staff.byRespondent((await db.store.respondents.upsert("telegram", "6200000001")).id);
    directorStaffId = member?.id ?? "";
    expect(last()).toMatchObject({
      actor: "staff",
      staffId: directorStaffId,
      role: "directorate",
      action: "staff.joined",
      service: null,
    });

    const scoped = await issueInvite(db.store, { role: "social_worker", service: "DC1" }, NOW);
    expect(last()).toMatchObject({ action: "invite.issued", service: "DC1", locality: "Cahul", detail: "role social_worker" });
    await conversation(deps, "6200000002", { channel: "viber", start: NOW }).event({ type: "x" }, {
      type: "command",
      command: "join",
      payload: scoped.code,
      at: NOW.toISOString(),
    } as never);
    workerStaffId = (await db.store.staff.byRespondent((await db.store.respondents.upsert("viber", "6200000002")).id))?.id ?? "";
    expect(last()).toMatchObject({
      staffId: workerStaffId,
      role: "social_worker",
      action: "staff.joined",
      service: "DC1",
      locality: "Cahul",
    });
  });

  it("records a summary asked for in the chat, with its period and service", async () => {
    const director = conversation(deps, "6200000001", { channel: "telegram", start: NOW });
    await director.event({ type: "x" }, { type: "command", command: "summary", at: NOW.toISOString() } as never);
    await director.press("sm:lw");
    expect(last()).toMatchObject({
      actor: "staff",
      staffId: directorStaffId,
      role: "directorate",
      action: "summary.asked",
      period: "week:2026-W47",
      service: null,
    });
    const dc1 = await db.store.services.byCode("DC1");
    await director.press(`sm:lm:${dc1?.id}`);
    expect(last()).toMatchObject({ action: "summary.asked", period: "month:2026-10", service: "DC1", locality: "Cahul" });
  });

  it("records the summaries sent on schedule, once per member of the directorate they go to", async () => {
    const runs = await deps.summaries?.runDue(NOW);
    expect(runs?.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    const sent = entries().filter((e) => e.action === "summary.sent");
    expect(sent.map((e) => [e.actor, e.staffId, e.role, e.period])).toEqual([
      ["schedule", directorStaffId, "directorate", "week:2026-W47"],
      ["schedule", directorStaffId, "directorate", "month:2026-10"],
    ]);
  });

  it("records a broadcast confirmed in the chat, with its audience", async () => {
    const w = conversation(deps, "6200000002", { channel: "viber", start: NOW });
    await w.event({ type: "x" }, { type: "command", command: "consult", at: NOW.toISOString() } as never);
    await w.text("Ce zi vă convine?");
    const press = async (key: RegExp) => {
      const button = w.ask?.buttons.flat().find((b) => key.test(keyOf(b.label)));
      if (!button)
        throw new Error(
          `no button ${key} among ${w.ask?.buttons
            .flat()
            .map((b) => keyOf(b.label))
            .join(", ")}`,
        );
      await w.press(button.id);
    };
    await press(/kindText/);
    await press(/audienceOwnService/);
    await press(/noMoreTranslations/);
    await press(/preview\.send/);
    expect(last()).toMatchObject({
      actor: "staff",
      staffId: workerStaffId,
      role: "social_worker",
      action: "broadcast.confirmed",
      service: "DC1",
    });
    expect(last()?.detail).toMatch(/^consultation [a-z0-9]{12}$/);
  });

  it("records every authorised admin API call and a broadcast it confirms, but not a refused one", async () => {
    const api = createAdminApi({
      token: TOKEN,
      store: db.store,
      log: silentLogger,
      defaultLocale: "ro",
      timezone: "Europe/Chisinau",
      minCell: 1,
      wake: () => {},
      now: () => NOW,
    });
    if (!api) throw new Error("no API");
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const before = entries().length;
    expect(
      (await api.request("/api/consultations", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))
        .status,
    ).toBe(401);
    expect((await api.request("/api/anything", { headers: { authorization: "Bearer wrong-token-000000000" } })).status).toBe(401);
    expect((await api.request("/api/openapi.json")).status).toBe(200);
    expect(entries().length).toBe(before);

    const created = await api.request("/api/consultations", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ text: { ro: "Vă place?" }, audience: { locality: "Cahul" } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await api.request(`/api/consultations/${id}/send`, { method: "POST", headers: auth })).status).toBe(202);
    expect((await api.request(`/api/consultations/${id}`, { headers: auth })).status).toBe(200);
    expect(
      entries()
        .slice(before)
        .map((e) => [e.actor, e.role, e.action, e.locality, e.detail]),
    ).toEqual([
      ["admin_api", "admin", "api.call", null, "POST /api/consultations 201"],
      ["admin_api", "admin", "broadcast.confirmed", "Cahul", `consultation ${id}`],
      ["admin_api", "admin", "api.call", null, `POST /api/consultations/${id}/send 202`],
      ["admin_api", "admin", "api.call", null, `GET /api/consultations/${id} 200`],
    ]);
  });

  it("records a dashboard sign-in and a revocation", async () => {
    const member = (await db.store.staff.list()).find((m) => m.id === workerStaffId);
    if (!member) throw new Error("no worker");
    await auditDashboardSignIn(db.store, member, NOW);
    expect(last()).toMatchObject({
      actor: "staff",
      staffId: workerStaffId,
      role: "social_worker",
      action: "dashboard.signin",
      service: "DC1",
    });
    expect(await revokeStaff(db.store, workerStaffId, NOW)).toBe(true);
    expect(last()).toMatchObject({
      actor: "operator",
      staffId: workerStaffId,
      role: "social_worker",
      action: "staff.revoked",
      service: "DC1",
    });
    const count = entries().length;
    expect(await revokeStaff(db.store, workerStaffId, NOW)).toBe(false);
    expect(entries().length).toBe(count);
  });

  it("holds no platform id, no name and no typed text", () => {
    const text = JSON.stringify(entries());
    for (const secret of ["6100000001", "6200000001", "6200000002", "Centrul de zi", "Ce zi vă convine", "Vă place"]) {
      expect(text).not.toContain(secret);
    }
    const respondentIds = (db.sql.prepare(`SELECT id FROM "Respondent"`).all() as { id: string }[]).map((r) => r.id);
    for (const id of respondentIds) expect(text).not.toContain(id);
  });
});
