import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedConsultation } from "../reports/fixtures.ts";
import { t } from "../support/db.ts";
import { telegramUser } from "../support/telegram.ts";
import { cookiesOf, signIn, type WebHarness, webHarness } from "../support/web.ts";
import { seedDistrict } from "./seed.ts";

/** Monday 23 November 2026, 08:00 in Chisinau: week 47 and October are the latest closed periods. */
const NOW = new Date("2026-11-23T06:00:00Z");

let h: WebHarness;
let services: Awaited<ReturnType<typeof seedDistrict>>;

beforeAll(async () => {
  h = await webHarness({ now: NOW });
  services = await seedDistrict(h.db);
  closedConsultation(h.db, {
    text: { ro: "Să fie deschis centrul sâmbăta?", en: "Should the centre open on Saturdays?" },
    choices: [
      { ro: "Da", ru: "Да", uk: "Так", en: "Yes" },
      { ro: "Nu", ru: "Нет", uk: "Ні", en: "No" },
    ],
    closedAt: "2026-11-19T12:00:00Z",
    replies: [0, 0, 0, 0, 1, 1, 1],
  });
}, 120_000);
afterAll(() => h.close());

const form = (fields: Record<string, string>, cookie: string) => ({
  method: "POST",
  headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("signing in from the chat", () => {
  it("gives a beneficiary no link, and a directorate member a one-time link that opens the dashboard once", async () => {
    const beneficiary = telegramUser(h, { id: 9_100_000_001 });
    expect(await h.linkFor(beneficiary)).toBeNull();
    expect(String(beneficiary.sentToMe().at(-1)?.params.text)).toBe(t("ro", "staff.only"));

    const director = await h.staff(9_100_000_002, "directorate");
    const link = await h.linkFor(director);
    expect(link).toMatch(new RegExp(`^${h.base.url}/dashboard/login/`));

    // Opening the link (as a messenger's preview does) uses nothing up.
    const path = new URL(link as string).pathname;
    expect((await h.app.request(path)).status).toBe(200);
    const { cookie, response } = await signIn(h, link as string);
    expect(response.status).toBe(303);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("glas_session=")) ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here
    expect((await h.app.request("/dashboard", { headers: { cookie } })).status).toBe(200);

    // Second use: refused, and no new session.
    expect((await h.app.request(path)).status).toBe(410);
    const again = await signIn(h, link as string);
    expect(again.response.status).toBe(410);
    expect(again.cookie).toBe("");
  });

  it("refuses a link older than 15 minutes, and a sign-in form posted without its own cookie", async () => {
    const director = await h.staff(9_100_000_003, "directorate");
    const link = (await h.linkFor(director)) as string;
    const path = new URL(link).pathname;
    const page = await h.app.request(path);
    const csrf = csrfOf(await page.text());
    // Another site cannot post it: it does not have the form's cookie.
    expect((await h.app.request(path, form({ csrf }, ""))).status).toBe(410);
    h.clock.now = new Date(NOW.getTime() + 15 * 60_000 + 1000);
    try {
      expect((await h.app.request(path, form({ csrf }, cookiesOf(page)))).status).toBe(410);
    } finally {
      h.clock.now = NOW;
    }
  });

  it("without a session, /dashboard says how to sign in and nothing else", async () => {
    const response = await h.app.request("/dashboard", { headers: { "accept-language": "uk-UA,uk;q=0.9" } });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain(t("uk", "web.signIn.how"));
    expect(html).not.toContain("DC1");
    expect(html).not.toContain("%");
  });
});

describe("the dashboard's pages", () => {
  let cookie: string;
  beforeAll(async () => {
    const director = await h.staff(9_100_000_010, "directorate", {}, "ru");
    cookie = (await signIn(h, (await h.linkFor(director)) as string)).cookie;
  });
  const get = (path: string) => h.app.request(path, { headers: { cookie } });

  it.each([
    "/dashboard",
    "/dashboard?period=month:2026-10",
    "/dashboard/services",
    "/dashboard/services/DC1",
    "/dashboard/localities",
    "/dashboard/consultations",
    "/dashboard/preview",
    "/dashboard/preview/beneficiary-satisfaction?lang=uk",
    "/dashboard/notes",
  ])("%s opens in the member's language, with no script, never cached, not framed", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html><html lang="ru">/);
    expect(html).not.toMatch(/<script|\sstyle="|<style/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).not.toMatch(/script-src|unsafe-inline/);
    // No typed comment, name, or platform id on any page.
    expect(html).not.toContain("Ana Ionescu");
    expect(html).not.toContain("9100000010");
  });

  it("shows last week's figures, and refuses a week that has not ended", async () => {
    const html = await (await get("/dashboard")).text();
    expect(html).toContain(t("ru", "web.overview.responses"));
    expect(html).toContain('<div class="value">18</div>'); // week 47: 12 at the day centre, 6 in home care
    expect((await get("/dashboard?period=week:2026-W48")).status).toBe(404);
    expect((await get("/dashboard?period=month:2026-11")).status).toBe(404);
  });
});

describe("forms, scopes and revocation", () => {
  it("refuses a form without its CSRF token, and switches the language with it", async () => {
    const director = await h.staff(9_100_000_020, "directorate", {}, "en");
    const { cookie } = await signIn(h, (await h.linkFor(director)) as string);
    const page = await (await h.app.request("/dashboard", { headers: { cookie } })).text();
    expect(page).toContain('<html lang="en">');
    const forged = await h.app.request("/dashboard/language", form({ lang: "uk", back: "/dashboard" }, cookie));
    expect(forged.status).toBe(403);
    const switched = await h.app.request(
      "/dashboard/language",
      form({ lang: "uk", back: "/dashboard/services", csrf: csrfOf(page) }, cookie),
    );
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/dashboard/services");
    expect(await (await h.app.request("/dashboard", { headers: { cookie } })).text()).toContain('<html lang="uk">');
  });

  it("shows a social worker only their service, and ends their session when they are revoked", async () => {
    const worker = await h.staff(9_100_000_030, "social_worker", { service: services.hc.code });
    const { cookie } = await signIn(h, (await h.linkFor(worker)) as string);
    const ranking = await (await h.app.request("/dashboard/services", { headers: { cookie } })).text();
    expect(ranking).toContain("Îngrijire la domiciliu");
    expect(ranking).not.toContain("Speranța");
    expect((await h.app.request("/dashboard/services/DC1", { headers: { cookie } })).status).toBe(404);
    expect((await h.app.request("/dashboard/notes", { headers: { cookie } })).status).toBe(403);
    const member = await h.db.store.staff.byRespondent((await h.db.store.respondents.upsert("telegram", "9100000030")).id);
    await h.db.store.staff.revoke(member?.id as string, NOW);
    expect((await h.app.request("/dashboard", { headers: { cookie } })).status).toBe(401);
  });

  it("publishes the directorate's note on /public and in the CSV, quoted, with no count of the 2-person service", async () => {
    const director = await h.staff(9_100_000_040, "directorate");
    const { cookie } = await signIn(h, (await h.linkFor(director)) as string);
    const notes = await (await h.app.request("/dashboard/notes", { headers: { cookie } })).text();
    const saved = await h.app.request(
      "/dashboard/notes",
      form(
        {
          csrf: csrfOf(notes),
          service: services.dc.id,
          period: "quarter:2026-Q3",
          text: "=Am prelungit programul, cum ați cerut.",
        },
        cookie,
      ),
    );
    expect(saved.status).toBe(303);
    const page = await (await h.app.request("/public")).text();
    expect(page).toContain("=Am prelungit programul");
    const csv = await (await h.app.request("/public/results.csv")).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    for (const line of lines) expect(line).toMatch(/^"([^"]|"")*"(,"([^"]|"")*")*$/);
    expect(csv).toContain(`"'=Am prelungit programul, cum ați cerut."`);
    const mobile = lines.filter((l) => l.includes('"MT1"'));
    expect(mobile).toHaveLength(2);
    for (const line of mobile) expect(line).not.toMatch(/"2"/);
    expect((await h.app.request("/public")).headers.get("content-security-policy")).toContain("frame-ancestors *");
  });

  it("answers 404 for /public when PUBLIC_RESULTS is off", async () => {
    const off = await webHarness({ now: NOW, publicResults: false });
    try {
      expect((await off.app.request("/public")).status).toBe(404);
      expect((await off.app.request("/public/results.csv")).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it("downloads the period's workbook", async () => {
    const director = await h.staff(9_100_000_050, "directorate");
    const { cookie } = await signIn(h, (await h.linkFor(director)) as string);
    const response = await h.app.request("/dashboard/workbook?period=week:2026-W47", { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    expect(new Uint8Array(await response.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const audit = h.db.sql.prepare(`SELECT action FROM "AuditEntry" ORDER BY at`).all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["dashboard.signin", "export"]));
  });
});
