import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Intent } from "../../../src/engine/intents.ts";
import { type Inbound, respond } from "../../../src/usecases/respond.ts";
import {
  hashCode,
  INVITE_TTL_MS,
  InviteError,
  issueInvite,
  JOIN_LOCK_MS,
  newInviteCode,
  normalizeCode,
} from "../../../src/usecases/staff/invites.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "../../support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  await db.store.services.add({ code: "MT1", name: "Echipa mobilă", locality: "Comrat" });
});
afterAll(() => db.close());

const NOW = new Date("2026-06-01T07:00:00Z");

/** What the person reads, in English. */
const read = (intents: Intent[]) =>
  intents
    .flatMap((i) => (i.type === "say" ? i.parts : []))
    .map((p) => (p.type === "literal" ? p.text : t("en", p.key, p.params)))
    .join("\n");

function join(platformId: string, code: string | null, at = NOW) {
  const inbound: Inbound = {
    channel: "telegram",
    platformId,
    suggestedLocale: "en",
    type: "command",
    command: "join",
    payload: code,
    at: at.toISOString(),
  };
  return respond(respondDeps(db.store), inbound).then((r) => read(r.intents));
}

const staffOf = (platformId: string) =>
  db.sql
    .prepare(
      `SELECT s.role, s."serviceId", s."localityId", s."revokedAt" FROM "Staff" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`,
    )
    .get(platformId) as { role: string; serviceId: string | null; localityId: string | null } | undefined;

describe("invite codes", () => {
  it("look like K7MQ-2XRD-HB9T, are stored only as a SHA-256 hash, and are read forgivingly", async () => {
    const codes = new Set(Array.from({ length: 200 }, newInviteCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
    const { code } = await issueInvite(db.store, { role: "social_worker" }, NOW);
    const rows = db.sql.prepare(`SELECT * FROM "Invite"`).all();
    expect(JSON.stringify(rows)).not.toContain(normalizeCode(code));
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows).toContainEqual(expect.objectContaining({ codeHash: await hashCode(code.toLowerCase().replaceAll("-", " ")) }));
    expect(await hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuse an unknown service or locality, or a service outside the locality", async () => {
    await expect(issueInvite(db.store, { role: "social_worker", service: "NOPE" }, NOW)).rejects.toThrow(InviteError);
    await expect(issueInvite(db.store, { role: "social_worker", locality: "Atlantis" }, NOW)).rejects.toThrow(/no locality/);
    await expect(issueInvite(db.store, { role: "social_worker", service: "DC1", locality: "Comrat" }, NOW)).rejects.toThrow(
      /not in Comrat/,
    );
  });
});

describe("/join", () => {
  it("makes the person staff with the invite's role and scope, once", async () => {
    const { code } = await issueInvite(db.store, { role: "social_worker", service: "DC1" }, NOW);
    expect(await join("tg-100", code)).toMatch(
      /registered as a social worker\.\nYou can address the beneficiaries of: Centrul de zi\./,
    );
    const service = db.sql.prepare(`SELECT id, "localityId" FROM "Service" WHERE code = 'DC1'`).get() as {
      id: string;
      localityId: string;
    };
    expect(staffOf("tg-100")).toMatchObject({ role: "social_worker", serviceId: service.id, localityId: service.localityId });
    expect(await join("tg-101", code)).toBe("This code has already been used. Ask the operator for a new one.");
    expect(staffOf("tg-101")).toBeUndefined();
  });

  it("lets exactly one of two concurrent joins with the same code win", async () => {
    const { code } = await issueInvite(db.store, { role: "directorate" }, NOW);
    const answers = await Promise.all(["tg-110", "tg-111", "tg-112"].map((id) => join(id, code)));
    expect(answers.filter((a) => a.includes("registered as a member of the directorate"))).toHaveLength(1);
    expect(answers.filter((a) => a.includes("already been used"))).toHaveLength(2);
    const winners = ["tg-110", "tg-111", "tg-112"].filter((id) => staffOf(id));
    expect(winners).toHaveLength(1);
  });

  it.each([
    { label: "a wrong code", code: "ABCD-EFGH-JKMN", answer: "This code is not valid. Check it and try again." },
    { label: "no code", code: null, answer: "Send the invite code after the command, like this: /join K7MQ-2XRD-HB9T" },
  ])("answers $label clearly", async ({ code, answer }) => {
    expect(await join("tg-120", code)).toBe(answer);
  });

  it("refuses an expired code", async () => {
    const issued = new Date(NOW.getTime() - INVITE_TTL_MS - 60_000);
    const { code } = await issueInvite(db.store, { role: "social_worker" }, issued);
    expect(await join("tg-130", code)).toMatch(/^This code has expired/);
    // Just inside the seven days it works.
    const fresh = await issueInvite(db.store, { role: "social_worker" }, new Date(NOW.getTime() - INVITE_TTL_MS + 60_000));
    expect(await join("tg-131", fresh.code)).toMatch(/registered/);
  });

  it("locks a chat out for an hour after five wrong codes in a row, even for a right code", async () => {
    db.sql.prepare(`DELETE FROM "JoinAttempt"`).run();
    const { code } = await issueInvite(db.store, { role: "social_worker", locality: "Comrat" }, NOW);
    for (let i = 1; i <= 4; i++) expect(await join("tg-140", `WRNG-CODE-000${i}`)).toMatch(/not valid/);
    expect(await join("tg-140", "WRNG-CODE-0005")).toBe(
      "This code is not valid. Check it and try again.\nToo many wrong codes: /join is blocked in this chat for an hour.",
    );
    const later = new Date(NOW.getTime() + 20 * 60_000);
    expect(await join("tg-140", code, later)).toBe("Too many wrong codes: try again in 40 minutes.");
    expect(staffOf("tg-140")).toBeUndefined();
    // Another chat is not affected, and the lock ends after the hour.
    expect(await join("tg-141", "WRNG-CODE-0006")).toMatch(/not valid/);
    expect(await join("tg-140", code, new Date(NOW.getTime() + JOIN_LOCK_MS + 1000))).toMatch(
      /You can address the people of: Comrat/,
    );
    // The success cleared tg-140's counter; tg-141's one wrong code is all that is left.
    expect(db.sql.prepare(`SELECT failures FROM "JoinAttempt"`).all()).toEqual([{ failures: 1 }]);
  });

  it("keeps the lockout through /forget, as a keyed hash that holds no id", async () => {
    db.sql.prepare(`DELETE FROM "JoinAttempt"`).run();
    for (let i = 1; i <= 5; i++) await join("tg-170", `WRNG-CODE-100${i}`);
    const inbound = (data: string): Inbound => ({
      channel: "telegram",
      platformId: "tg-170",
      type: "event",
      event: { id: `forget-${data}`, at: NOW.toISOString(), type: "press", data },
    });
    await respond(respondDeps(db.store), inbound("forget:yes"));
    expect(db.sql.prepare(`SELECT COUNT(*) AS n FROM "Respondent" WHERE "platformId" = 'tg-170'`).get()).toEqual({ n: 0 });
    const rows = db.sql.prepare(`SELECT * FROM "JoinAttempt"`).all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("tg-170");
    const { code } = await issueInvite(db.store, { role: "social_worker" }, NOW);
    expect(await join("tg-170", code, new Date(NOW.getTime() + 60_000))).toMatch(/Too many wrong codes: try again/);
  });

  it("counts only wrong codes in a row: a success starts the count again", async () => {
    for (let i = 0; i < 4; i++) await join("tg-150", "WRNG-CODE-1111");
    const { code } = await issueInvite(db.store, { role: "social_worker" }, NOW);
    expect(await join("tg-150", code)).toMatch(/registered/);
    for (let i = 0; i < 4; i++) expect(await join("tg-150", "WRNG-CODE-2222")).not.toMatch(/Too many/);
  });

  it("lets a revoked member join again with a new code", async () => {
    const { code } = await issueInvite(db.store, { role: "social_worker" }, NOW);
    await join("tg-160", code);
    const id = (
      db.sql
        .prepare(`SELECT s.id FROM "Staff" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = 'tg-160'`)
        .get() as { id: string }
    ).id;
    expect(await db.store.staff.revoke(id, NOW)).toBe(true);
    expect(await db.store.staff.revoke(id, NOW)).toBe(false);
    expect(staffOf("tg-160")).toMatchObject({ revokedAt: expect.any(String) });
    const again = await issueInvite(db.store, { role: "directorate" }, NOW);
    expect(await join("tg-160", again.code)).toMatch(/directorate/);
    expect(staffOf("tg-160")).toMatchObject({ role: "directorate", revokedAt: null });
  });
});
