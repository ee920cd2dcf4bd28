import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryRenderers } from "../../../src/channels/registry.ts";
import { createApp } from "../../../src/http/app.ts";
import { createNodeSummaryBuilder } from "../../../src/reports/build.node.ts";
import { formats } from "../../../src/reports/format.ts";
import { lastFullPeriod } from "../../../src/reports/periods.ts";
import { createSummaries, type Summaries } from "../../../src/usecases/summaries/index.ts";
import { seedExampleWeek } from "../../reports/fixtures.ts";
import { t } from "../../support/db.ts";
import { type ViberHarness, viberHarness, viberUser } from "../../support/viber.ts";

/** Monday 23 November 2026, 08:00 in Chisinau. */
const MONDAY_8 = new Date("2026-11-23T06:00:00Z");
const TZ = "Europe/Chisinau";

let h: ViberHarness;
let server: ReturnType<typeof serve>;
let publicUrl = "";
let summaries: Summaries;
// The harness wires respond() first; the use case needs its store and the server's address.
const late: Summaries = {
  get timeZone() {
    return TZ;
  },
  runDue: (now) => summaries.runDue(now),
  sendTo: (...args) => summaries.sendTo(...args),
  sendToDirectorate: (...args) => summaries.sendToDirectorate(...args),
  purgeFiles: (now) => summaries.purgeFiles(now),
};

function summariesFor(url: string | null): Summaries {
  const builder = createNodeSummaryBuilder({ store: h.db.store, t, minCell: 5 });
  return createSummaries({
    store: h.db.store,
    log: h.log,
    t,
    defaultLocale: "ro",
    timeZone: TZ,
    minCell: 5,
    weeklyCron: "0 8 * * 1",
    monthlyCron: "0 8 1 * *",
    renderers: summaryRenderers(t, url),
    attachments: (summary, locale) => builder.render(summary, locale),
  });
}

beforeAll(async () => {
  h = await viberHarness({ respond: { summaries: late } });
  await seedExampleWeek(h.db);
  // The app as node.ts serves it, on a real port: Viber fetches pictures and files by URL.
  const app = createApp({
    log: h.log,
    pingDatabase: () => h.db.store.ping(),
    channels: { telegram: "off", viber: "on" },
    routes: h.routes,
    files: h.db.store.files,
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  summaries = summariesFor(publicUrl);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

/** A directorate member in Viber (joining by invite code is tested with the staff commands). */
async function directorate(id: string, locale: "uk" | "ro") {
  const r = await h.db.store.respondents.upsert("viber", id);
  await h.db.store.respondents.update(r.id, { locale });
  await h.db.store.staff.enrol({ respondentId: r.id, role: "directorate", serviceId: null, localityId: null }, MONDAY_8);
}

describe("the directorate's summary in Viber", () => {
  let media: { picture: string; file: string } = { picture: "", file: "" };

  it("with PUBLIC_URL: the text, a picture message and a file message linking to expiring files", async () => {
    await directorate("olena+Viber/Id==", "uk");
    await summariesFor(publicUrl).runDue(MONDAY_8);
    await h.drain();
    const sent = h.fake.sentTo("olena+Viber/Id==").map((c) => c.body);
    const week = sent.findIndex((b) => typeof b.text === "string" && b.text.startsWith(t("uk", "summary.title.week")));
    const [text, picture, file] = sent.slice(week, week + 3);
    expect(text).toMatchObject({ type: "text", sender: { name: "Glas" } });
    expect(picture).toEqual({
      receiver: "olena+Viber/Id==",
      sender: { name: "Glas" },
      type: "picture",
      text: t("uk", "summary.delivery.chart", { period: formats("uk").period(lastFullPeriod("week", MONDAY_8, TZ)) }),
      media: expect.stringMatching(new RegExp(`^${publicUrl}/files/[A-Za-z0-9_-]{43}/glas-chart-2026-W47-uk\\.png$`)),
    });
    expect(file).toEqual({
      receiver: "olena+Viber/Id==",
      sender: { name: "Glas" },
      type: "file",
      media: expect.stringMatching(new RegExp(`^${publicUrl}/files/[A-Za-z0-9_-]{43}/glas-indicators-2026-W47-uk\\.xlsx$`)),
      size: expect.any(Number),
      file_name: "glas-indicators-2026-W47-uk.xlsx",
    });
    media = { picture: String(picture?.media), file: String(file?.media) };

    // What Viber's servers would fetch: the chart and the workbook, from the running app.
    const chart = await fetch(media.picture);
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toBe("image/png");
    expect(chart.headers.get("cache-control")).toBe("private, no-store");
    const png = PNG.sync.read(Buffer.from(await chart.arrayBuffer()));
    expect(png.width).toBe(1080);

    const xlsx = await fetch(media.file);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-disposition")).toMatch(/^attachment; filename="glas-indicators-2026-W47-uk\.xlsx"/);
    const bytes = await xlsx.arrayBuffer();
    expect(bytes.byteLength).toBe(file?.size);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    expect(workbook.worksheets[0]?.name).toBe(t("uk", "summary.sheet.summary"));
  });

  it("the links stop working when they expire, and the files are purged", async () => {
    const expiresAt = h.db.sql.prepare(`SELECT MIN("expiresAt") AS at FROM "StoredFile"`).get() as { at: number | string };
    // A week from when they were made (the wall clock, not the schedule's).
    const days = (new Date(expiresAt.at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // A week later (the stored expiry moved into the past rather than the clock forward).
    h.db.sql.prepare(`UPDATE "StoredFile" SET "expiresAt" = ?`).run(new Date(Date.now() - 1000).toISOString());
    for (const url of [media.picture, media.file]) {
      const res = await fetch(url);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('{"error":"not found"}');
    }
    expect(await summariesFor(publicUrl).purgeFiles(new Date())).toBeGreaterThanOrEqual(2);
    expect(h.count("StoredFile")).toBe(0);
  });

  it("without PUBLIC_URL: the text alone, saying where the chart and workbook can be had", async () => {
    await directorate("ion-viber-id", "ro");
    await summariesFor(null).sendToDirectorate({ period: lastFullPeriod("week", MONDAY_8, TZ) }, "no-public-url");
    await h.drain();
    const sent = h.fake.sentTo("ion-viber-id").map((c) => c.body);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.type).toBe("text");
    expect(String(sent[0]?.text)).toContain("📊 Rezumatul săptămânii");
    expect(String(sent[0]?.text).endsWith(t("ro", "summary.delivery.viberNoLink"))).toBe(true);
    expect(h.count("StoredFile")).toBe(0); // nothing to link to, so nothing stored
  });

  it("/summary through the webhook: a keyboard of periods; a tap sends the summary", async () => {
    const ion = viberUser(h, { id: "ion-viber-id", language: "ro" });
    await ion.text("/summary");
    expect(ion.lastText()).toBe(t("ro", "summary.chat.menu"));
    expect(ion.lastKeyboard().Buttons.map((b) => b.Text)).toEqual([
      t("ro", "summary.chat.period.lw"),
      t("ro", "summary.chat.period.lm"),
      t("ro", "summary.chat.byService"),
    ]);
    const before = h.fake.sentTo("ion-viber-id").length;
    await ion.tapLabel(t("ro", "summary.chat.period.lm"));
    const sent = h.fake
      .sentTo("ion-viber-id")
      .slice(before)
      .map((c) => c.body);
    expect(sent.map((b) => b.type)).toEqual(["text", "picture", "file"]);
    expect(String(sent[0]?.text)).toContain("📊 Rezumatul lunii");
    expect(sent[2]?.file_name).toBe("glas-indicators-2026-10-ro.xlsx");
    expect((await fetch(String(sent[2]?.media))).status).toBe(200);
  });

  it("/summary is refused to someone who is not staff", async () => {
    const maria = viberUser(h, { id: "maria-viber-id", language: "ro" });
    await maria.text("/summary");
    expect(maria.lastText()).toBe(t("ro", "staff.only"));
    expect(h.fake.sentTo("maria-viber-id").some((c) => c.body.type === "picture" || c.body.type === "file")).toBe(false);
  });
});
