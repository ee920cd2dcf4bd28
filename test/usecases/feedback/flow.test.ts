import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers } from "../../../src/channels/registry.ts";
import { remindOverdue } from "../../../src/usecases/feedback/index.ts";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { t } from "../../support/db.ts";
import { type MessengersHarness, messengersHarness } from "../../support/messengers.ts";
import { telegramUser } from "../../support/telegram.ts";
import { viberUser } from "../../support/viber.ts";

/**
 * Feedback through the real webhooks of both messengers, the real outbox and drainer, against
 * the fake Bot API and the fake Viber API: a beneficiary's free text becomes a message with a
 * reference and a due date, the service's worker answers without learning who wrote, the
 * person answers once, the thread closes; sensitive messages reach only the focal point.
 */

let clock = Date.parse("2026-06-01T07:00:00Z"); // Monday 10:00 in Chisinau
const now = () => new Date(clock);
const REF = /F-[2-9A-HJKMNP-Z]{4}/;

let h: MessengersHarness;
beforeAll(async () => {
  h = await messengersHarness({ now });
  await h.db.store.services.add({ code: "DC1", name: "Centrul de zi Speranța", locality: "Cahul" });
  await h.db.store.services.add({ code: "MT2", name: "Echipa mobilă", locality: "Comrat" });
});
afterAll(() => h.close());

type TgUser = ReturnType<typeof telegramUser>;
const tg = (id: number, language: string, firstName = "Maria") => telegramUser(h.telegram, { id, language, firstName });
const lastText = (u: TgUser) => String(u.sentToMe().at(-1)?.params.text ?? "");
const textsTo = (u: TgUser) => u.sentToMe().map((c) => String(c.params.text));

async function tapLabel(u: TgUser, label: RegExp) {
  const message = u.lastKeyboardMessage();
  const button = message.buttons.find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label} among ${message.buttons.map((b) => b.text).join(" | ")}`);
  return h.telegram.deliver(u.pressUpdate(button.callback_data, message));
}

/** Taps a button on the latest message (with buttons) whose text matches. */
async function tapOn(u: TgUser, text: RegExp, label: RegExp) {
  const call = u
    .sentToMe()
    .filter((c) => text.test(String(c.params.text)) && (c.params.reply_markup as { inline_keyboard?: unknown })?.inline_keyboard)
    .at(-1);
  if (!call) throw new Error(`no message ${text}`);
  const buttons = (
    call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();
  const button = buttons.find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label}`);
  const messageId = (call.response as { result: { message_id: number } }).result.message_id;
  return h.telegram.deliver(u.pressUpdate(button.callback_data, { call, messageId, text: String(call.params.text), buttons }));
}

async function join(
  u: { text(text: string): Promise<Response> },
  role: "social_worker" | "directorate" | "focal_point",
  service?: string,
) {
  const { code } = await issueInvite(h.db.store, { role, service: service ?? null }, now());
  await u.text(`/join ${code}`);
}

const workerDc1 = () => tg(8_300_000_001, "en", "Ana");
const directorate = () => tg(8_300_000_002, "en", "Director");
const workerMt2 = () => viberUser(h.viber, { id: "d29ya2VyLW10Mi0wMDAwMDAwMQ==", language: "en", name: "Ion" });
const focal = () => viberUser(h.viber, { id: "Zm9jYWwtcG9pbnQtMDAwMDAwMQ==", language: "en", name: "Focal" });
const maria = () => tg(8_300_000_011, "ro", "Maria");
const olena = () => viberUser(h.viber, { id: "b2xlbmEtdmliZXItMDAwMDAwMQ==", language: "uk", name: "Olena" });

describe("feedback in Telegram", () => {
  let ref = "";

  it("offers text typed outside a survey as a message, and gives a reference and a due date", async () => {
    await join(workerDc1(), "social_worker", "DC1");
    await join(directorate(), "directorate");
    const m = maria();
    await m.text("/start svc_DC1");
    await tapLabel(m, /Nu/); // declines the survey: nothing under way now
    await m.text("Asistenta a fost nepoliticoasă cu mama ieri.");
    expect(lastText(m)).toMatch(/Doriți să trimiteți asta serviciului ca mesaj\?/);
    expect(lastText(m)).not.toMatch(/butoanele/);
    await tapLabel(m, /Da, trimite/);
    expect(lastText(m)).toBe("Ce doriți să ne spuneți?");
    await tapLabel(m, /plângere/);
    expect(lastText(m)).toMatch(/Mesajul este anonim/);
    await tapLabel(m, /Rămân anonim/);
    expect(lastText(m)).toContain("Asistenta a fost nepoliticoasă cu mama ieri.");
    await tapLabel(m, /Trimite/);
    const sent = lastText(m);
    expect(sent).toMatch(/^Mulțumim! Mesajul a fost trimis\. Numărul lui este F-/);
    expect(sent).toContain("8 iun. 2026");
    ref = REF.exec(sent)?.[0] ?? "";
    const row = h.db.sql.prepare(`SELECT * FROM "Feedback" WHERE ref = ?`).get(ref) as Record<string, unknown>;
    expect(row).toMatchObject({ kind: "complaint", routedTo: "service", status: "open" });
    expect(new Date(String(row.dueAt)).toISOString()).toBe("2026-06-08T20:59:59.000Z");
  });

  it("reaches the service's social worker with reference, kind and service, and nobody's identity", async () => {
    const w = workerDc1();
    const notice = textsTo(w).find((text) => text.includes(ref)) ?? "";
    expect(notice).toMatch(/^📨 New message F-/);
    expect(notice).toContain("⚠️ A complaint");
    expect(notice).toContain("Centrul de zi Speranța");
    expect(notice).toContain("Asistenta a fost nepoliticoasă cu mama ieri.");
    for (const identity of ["Maria", "8300000011", "telegram"]) expect(notice).not.toContain(identity);
    expect(w.lastKeyboardMessage().buttons.map((b) => b.text)).toEqual(["↩ Reply", "✔ Close", "⬆ Pass to the directorate"]);
    // The directorate is not interrupted while the service has a worker; another service's worker sees nothing.
    expect(textsTo(directorate()).some((text) => text.includes(ref))).toBe(false);
    await join(workerMt2(), "social_worker", "MT2");
    await workerMt2().text("/feedback");
    expect(workerMt2().lastText()).toBe("No open messages for you.");
    expect(
      workerMt2()
        .received()
        .some((r) => r.text?.includes(ref)),
    ).toBe(false);
  });

  it("relays the worker's reply with the reference and the role, never the name; the person answers once", async () => {
    const w = workerDc1();
    await tapOn(w, new RegExp(ref), /Reply/);
    expect(lastText(w)).toMatch(/Write your answer to F-/);
    await w.text("Am vorbit cu echipa. Ne cerem scuze.");
    expect(lastText(w)).toMatch(/on its way/);
    const m = maria();
    const reply = lastText(m);
    expect(reply).toContain(`💬 Un răspuns la mesajul ${ref}`);
    expect(reply).toContain("De la: asistentul social al serviciului Centrul de zi Speranța");
    expect(reply).toContain("Am vorbit cu echipa. Ne cerem scuze.");
    expect(reply).not.toContain("Ana");
    await tapOn(m, /Un răspuns la mesajul/, /Răspunde/);
    await m.text("Mulțumesc, acum este mai bine.");
    expect(lastText(m)).toBe(`Răspunsul a fost trimis (${ref}).`);
    expect(textsTo(w).at(-1)).toMatch(new RegExp(`^↩ The person answered on ${ref}[\\s\\S]*Mulțumesc, acum este mai bine\\.`));
    // Once only.
    await tapOn(m, /Un răspuns la mesajul/, /Răspunde/);
    expect(lastText(m)).toMatch(/Ați răspuns deja/);
  });

  it("closes: the person is told, and the link to them is gone", async () => {
    await tapOn(workerDc1(), /The person answered/, /Close/);
    expect(lastText(workerDc1())).toBe(`${ref} is closed.`);
    expect(lastText(maria())).toMatch(new RegExp(`Mesajul ${ref} a fost închis`));
    expect(h.count("FeedbackLink")).toBe(0);
    expect(h.count("Feedback", `status = 'closed' AND "answeredAt" IS NOT NULL`)).toBe(1);
    await maria().text("/feedback");
    expect(lastText(maria())).toBe("Ce doriți să ne spuneți?");
    await tapLabel(maria(), /Anulează/);
    expect(lastText(maria())).toBe("Nu s-a trimis nimic.");
  });
});

describe("feedback in Viber", () => {
  let ref = "";

  it("takes a call-back number only from the share-phone key, and /reply answers it", async () => {
    const o = olena();
    await o.open({ context: "svc_MT2" });
    await o.tapLabel("Українська");
    await o.tapLabel("Ні, дякую");
    await o.text("/feedback");
    expect(o.lastText()).toBe("Що ви хочете нам сказати?");
    await o.tapLabel("💡 Пропозиція");
    await o.text("Було б добре приїжджати двічі на тиждень.");
    await o.tapLabel("📞 Хочу, щоб мені зателефонували");
    const share = o.lastKeyboard().Buttons.find((b) => b.ActionType === "share-phone");
    expect(share?.Text).toBe("📞 Надіслати мій номер");
    await h.viber.deliver(o.message({ type: "contact", contact: { name: "Olena", phone_number: "+37369000111" } }));
    expect(o.lastText()).toContain("Ми можемо зателефонувати вам за номером +37369000111.");
    await o.tapLabel("✅ Надіслати");
    ref = REF.exec(o.lastText() ?? "")?.[0] ?? "";
    expect(o.lastText()).toMatch(/^Ваша відповідь: ✅ Надіслати\n\nДякуємо! Повідомлення надіслано\. .* до 8 черв\. 2026 р\.$/);
    const notice = workerMt2().lastText() ?? "";
    expect(notice).toContain(ref);
    expect(notice).toContain("📞 Asks to be called back: +37369000111");
    expect(notice).not.toContain("Olena");
    expect(textsTo(workerDc1()).some((text) => text.includes(ref))).toBe(false);

    await workerMt2().text(`/reply ${ref.toLowerCase()} Vă sunăm mâine.`);
    expect(workerMt2().lastText()).toMatch(/on its way/);
    expect(o.lastText()).toContain(`💬 Відповідь на ваше повідомлення ${ref}`);
    expect(o.lastText()).toContain("Від: соціальний працівник служби Echipa mobilă");
    await o.tapLabel("↩ Відповісти");
    await o.text("Дякую!");
    expect(workerMt2().lastText()).toMatch(new RegExp(`↩ The person answered on ${ref}`));
  });
});

describe("feedback of the sensitive kind", () => {
  async function sendSensitive(u: TgUser, text: string): Promise<string> {
    await u.text("/feedback");
    await tapLabel(u, /Abuz/);
    await u.text(text);
    await tapLabel(u, /Rămân anonim/);
    await tapLabel(u, /Trimite/);
    return REF.exec(lastText(u))?.[0] ?? "";
  }

  it("goes to the directorate while there is no focal point, and never to the service's staff", async () => {
    const ref = await sendSensitive(maria(), "Cineva de la centru mă amenință.");
    expect(lastText(maria())).toMatch(/112/);
    expect(textsTo(directorate()).some((text) => text.includes(ref))).toBe(true);
    expect(textsTo(workerDc1()).some((text) => text.includes(ref))).toBe(false);
  });

  it("goes to the focal point alone once there is one", async () => {
    await join(focal(), "focal_point");
    const before = textsTo(directorate()).length;
    const ref = await sendSensitive(maria(), "Mi-e frică să spun cine.");
    expect(focal().lastText()).toContain(ref);
    expect(focal().lastText()).toContain("🛡 Abuse, violence or exploitation");
    expect(textsTo(directorate()).length).toBe(before);
    expect(textsTo(workerDc1()).some((text) => text.includes(ref))).toBe(false);
    await workerDc1().text("/feedback");
    expect(textsTo(workerDc1()).at(-1)).not.toContain(ref);
    await focal().text("/feedback");
    expect(JSON.stringify(focal().lastKeyboard())).toContain(ref);
  });
});

describe("overdue feedback", () => {
  it("is reminded to its handlers once a day, outside quiet hours, on a fake clock", async () => {
    const options = {
      responseDays: 7,
      timezone: h.config.TIMEZONE,
      defaultLocale: h.config.DEFAULT_LOCALE,
      renderers: broadcastRenderers(t),
    };
    const deps = { store: h.db.store, log: h.log, options };
    const open = h.count("Feedback", `status = 'open'`);
    expect(open).toBeGreaterThan(0);
    expect(await remindOverdue(deps, new Date(Date.parse("2026-06-05T07:00:00Z")))).toBe(0); // not due yet
    expect(await remindOverdue(deps, new Date(Date.parse("2026-06-09T02:00:00Z")))).toBe(0); // 05:00: quiet hours
    clock = Date.parse("2026-06-09T06:00:00Z");
    expect(await remindOverdue(deps, now())).toBe(open);
    expect(await remindOverdue(deps, new Date(Date.parse("2026-06-09T15:00:00Z")))).toBe(0); // once a day
    await h.drain();
    expect(focal().lastText()).toMatch(/^⏰ Not answered in time: F-/);
    expect(await remindOverdue(deps, new Date(Date.parse("2026-06-10T06:00:00Z")))).toBe(open);
  });
});

describe("/announce", () => {
  it("sends a “You said, we did” message to the service's people, asking nothing", async () => {
    // Announcements keep the consultations' smallest audience (MIN_CELL): four more people of DC1.
    const dc1 = await h.db.store.services.byCode("DC1");
    for (let i = 0; i < 4; i++) {
      const r = await h.db.store.respondents.upsert("telegram", String(8_300_000_100 + i));
      await h.db.store.respondents.update(r.id, { serviceId: dc1?.id ?? null, locale: "ru" });
    }
    const w = workerDc1();
    await w.text("/announce");
    expect(lastText(w)).toMatch(/^Write what was done/);
    await w.text("De luni, asistenta vine la ora 9:00.");
    await tapLabel(w, /Centrul de zi Speranța/);
    await tapLabel(w, /No more translations/);
    expect(lastText(w)).toContain("An announcement: “You said, we did”. No answer is expected.");
    await tapLabel(w, /Send/);
    await h.runJob(now());
    const m = maria();
    expect(lastText(m)).toBe("📣 Ați spus, am făcut\n\nDe luni, asistenta vine la ora 9:00.");
    expect(m.sentToMe().at(-1)?.params.reply_markup).toBeUndefined();
    expect(String(tg(8_300_000_100, "ru").sentToMe().at(-1)?.params.text)).toBe(
      "📣 Вы сказали — мы сделали\n\nDe luni, asistenta vine la ora 9:00.",
    );
    expect(h.count("ConsultationAwait")).toBe(0);
    await focal().text("/announce");
    expect(focal().lastText()).toBe("Announcements are made by social workers and the directorate.");
  });
});

describe("the admin API", () => {
  it("gives the records with no link to the person, and no text of the sensitive kind", async () => {
    const unauthorised = await h.app.request("/api/feedback");
    expect(unauthorised.status).toBe(401);
    expect((await h.api("GET", "/feedback?status=bogus")).status).toBe(400);
    const response = await h.api("GET", "/feedback");
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as {
      items: { kind: string; status: string; messages: { text: string | null }[] }[];
    };
    expect(items.map((i) => i.kind).sort()).toEqual(["complaint", "sensitive", "sensitive", "suggestion"]);
    expect(items.filter((i) => i.kind === "sensitive").flatMap((i) => i.messages.map((m) => m.text))).toEqual([null, null]);
    const body = JSON.stringify(items);
    expect(body).toContain("Asistenta a fost nepoliticoasă cu mama ieri.");
    for (const identity of ["8300000011", "b2xlbmEtdmliZXItMDAwMDAwMQ==", "+37369000111", "Olena", "respondent"]) {
      expect(body).not.toContain(identity);
    }
    const closed = (await (await h.api("GET", "/feedback?status=closed")).json()) as { items: { status: string }[] };
    expect(closed.items.map((i) => i.status)).toEqual(["closed"]);
  });
});

describe("/forget", () => {
  it("leaves no row holding the person's id and no text of theirs in an open thread", async () => {
    const m = maria();
    await m.text("/feedback");
    await tapLabel(m, /întrebare/);
    await m.text("Când vine medicul? Secret-7731");
    await tapLabel(m, /Vreau să fiu sunat/);
    await h.telegram.deliver({
      update_id: 900_000_001,
      message: {
        message_id: 900_000_001,
        from: m.from,
        chat: m.chat,
        date: Math.floor(clock / 1000),
        contact: { phone_number: "+37360000777", first_name: "Maria", user_id: m.from.id },
      },
    });
    await tapLabel(m, /Trimite/);
    const respondentId = (
      h.db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = ?`).get(String(m.from.id)) as { id: string }
    ).id;
    expect(h.count("FeedbackLink", `"respondentId" = ?`, respondentId)).toBeGreaterThan(0);
    await m.text("/forget");
    await tapLabel(m, /Da, șterge/);
    const dump = JSON.stringify(
      ["Feedback", "FeedbackMessage", "FeedbackLink", "FeedbackDraft", "Respondent", "Outbox"].map((table) =>
        h.db.sql.prepare(`SELECT * FROM "${table}"`).all(),
      ),
    );
    // Their open threads (this one, the two sensitive ones) lose their texts; a thread closed
    // before is no longer linked to anyone and goes with retention.
    for (const mine of [respondentId, String(m.from.id), "Secret-7731", "+37360000777", "Mi-e frică", "mă amenință"]) {
      expect(dump).not.toContain(mine);
    }
    expect(h.count("FeedbackMessage", `text IS NULL AND author = 'person'`)).toBe(3);
  });

  it("never logs what anyone wrote", () => {
    const logs = h.log.lines.join("\n");
    for (const typed of ["nepoliticoasă", "Ne cerem scuze", "двічі на тиждень", "+37369000111", "Vă sunăm mâine"]) {
      expect(logs).not.toContain(typed);
    }
  });
});
