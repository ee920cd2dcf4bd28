import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers } from "../../../src/channels/registry.ts";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { createConsultationJob } from "../../../src/usecases/staff/job.ts";
import { t } from "../../support/db.ts";
import { type Harness, telegramHarness, telegramUser } from "../../support/telegram.ts";

/** 10:00 in Chisinau: outside quiet hours, and in the past, so what is queued is due at once. */
let clock = Date.parse("2026-06-01T07:00:00Z");
const now = () => new Date(clock);

let h: Harness;
let job: ReturnType<typeof createConsultationJob>;
beforeAll(async () => {
  h = await telegramHarness({ now, respond: { staff: { timezone: "Europe/Chisinau", minCell: 2 } } });
  job = createConsultationJob({ store: h.db.store, renderers: broadcastRenderers(t), log: h.log, defaultLocale: "ro" });
  await h.db.store.services.add({ code: "DC1", name: "Centrul de zi Speranța", locality: "Cahul" });
  await h.db.store.services.add({ code: "MT2", name: "Echipa mobilă", locality: "Comrat" });
});
afterAll(() => h.close());

type User = ReturnType<typeof telegramUser>;
let code = "";
const lastText = (u: User) => String(u.sentToMe().at(-1)?.params.text ?? "");
const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

/** Taps the button whose label matches, on the latest message with buttons. */
async function tapLabel(u: User, label: RegExp) {
  const message = u.lastKeyboardMessage();
  const button = message.buttons.find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label} among ${message.buttons.map((b) => b.text).join(" | ")}`);
  return h.deliver(u.pressUpdate(button.callback_data, message));
}

/** Taps a button on an earlier message (the latest whose text matches), as a person scrolling up would. */
async function tapOn(u: User, text: RegExp, label: RegExp) {
  const call = u
    .sentToMe()
    .filter((c) => text.test(String(c.params.text)) && c.params.reply_markup)
    .at(-1);
  if (!call) throw new Error(`no message ${text}`);
  const buttons = (
    call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();
  const button = buttons.find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label}`);
  const messageId = (call.response as { result: { message_id: number } }).result.message_id;
  return h.deliver(u.pressUpdate(button.callback_data, { call, messageId, text: String(call.params.text), buttons }));
}

async function runJob() {
  await job.tick(now());
  await h.drain();
}

describe("a social worker in Telegram", () => {
  const worker = () => telegramUser(h, { id: 8_200_000_001, language: "en" });
  const maria = () => telegramUser(h, { id: 8_200_000_011, language: "ro" });
  const ivan = () => telegramUser(h, { id: 8_200_000_012, language: "ru" });
  const olena = () => telegramUser(h, { id: 8_200_000_013, language: "uk" });
  const elsewhere = () => telegramUser(h, { id: 8_200_000_014, language: "ro" });
  const stopped = () => telegramUser(h, { id: 8_200_000_015, language: "ro" });

  it("joins with an invite code, writes a consultation with choices, previews and confirms it", async () => {
    for (const u of [maria(), ivan(), olena(), stopped()]) await u.text("/start svc_DC1");
    await elsewhere().text("/start svc_MT2");
    await stopped().text("/stop");

    ({ code } = await issueInvite(h.db.store, { role: "social_worker" }, now()));
    const w = worker();
    await w.text("/join WRONG-CODE-0000");
    expect(lastText(w)).toMatch(/not valid/);
    await w.text(`/join ${code.toLowerCase()}`);
    expect(lastText(w)).toMatch(/registered as a social worker/);
    expect(lastText(w)).toMatch(/everyone subscribed/);

    await w.text("/consult");
    expect(lastText(w)).toMatch(/Write the question/);
    await w.text("Which day suits you for the mobile team's visit?");
    expect(lastText(w)).toMatch(/How should people answer/);
    await tapLabel(w, /several answers/);
    await w.text("Monday\nWednesday\n\nFriday");
    expect(lastText(w)).toMatch(/Who should receive/);
    expect(w.lastKeyboardMessage().buttons.map((b) => b.text)).toEqual([
      "Everyone subscribed",
      "The people of a locality…",
      "The beneficiaries of a service…",
      "✖ Cancel",
    ]);
    await tapLabel(w, /beneficiaries of a service/);
    await tapLabel(w, /Speranța/);
    expect(lastText(w)).toMatch(/Translation — Română/);
    await w.text("Ce zi vă convine pentru vizita echipei mobile?\nLuni\nMiercuri\nVineri");
    expect(lastText(w)).toMatch(/Translation — Русский/);
    await tapLabel(w, /^Skip/);
    expect(lastText(w)).toMatch(/Translation — Українська/);
    await tapLabel(w, /No more translations/);

    const preview = lastText(w);
    expect(preview).toContain("Which day suits you for the mobile team's visit?\n1. Monday\n2. Wednesday\n3. Friday");
    expect(preview).toContain("To: the beneficiaries of Centrul de zi Speranța");
    expect(preview).toContain("Languages: Română, English");
    expect(preview).toContain("It will go to 3 people (Telegram: 3).");
    expect(w.lastKeyboardMessage().buttons.map((b) => b.text)).toEqual(["✅ Send", "Change the audience", "✖ Cancel"]);
    for (const b of w.lastKeyboardMessage().buttons)
      expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);

    const send = w.pressUpdate(w.lastKeyboardMessage().buttons[0]?.callback_data ?? "");
    await h.deliver(send);
    expect(lastText(w)).toMatch(/^Sending “Which day suits you for the mobile team's visit\?” to 3 people/);
    expect(count("ConsultationDraft")).toBe(0);
    // A second tap on the same Send button (another update) sends nothing more.
    const again = await h.deliver({ ...send, update_id: send.update_id + 100_000 });
    expect(((await again.json()) as { text?: string }).text).toBe("This button is no longer active.");
    expect(count("Consultation", `status = 'sending'`)).toBe(1);
  });

  it("sends it once to each subscriber of the service, in their language, with choice buttons", async () => {
    await runJob();
    await runJob(); // a second run (or a restart) queues nothing again
    const consultation = maria().sentToMe().at(-1);
    expect(consultation?.params.text).toMatch(
      /^📋 O întrebare de la serviciile sociale\. Răspunsul este benevol\.\n\nCe zi vă convine/,
    );
    const keyboard =
      (consultation?.params.reply_markup as { inline_keyboard: { text: string }[][] } | undefined)?.inline_keyboard ?? [];
    expect(keyboard.flat().map((b) => b.text)).toEqual(["Luni", "Miercuri", "Vineri"]);
    // No Russian translation: the header in Russian, the question as written.
    expect(lastText(ivan())).toMatch(/^📋 Вопрос от социальных служб.*\n\nWhich day suits you/s);
    expect(lastText(olena())).toMatch(/^📋 Запитання від соціальних служб/);
    const received = (u: User) => u.sentToMe().filter((c) => String(c.params.text).startsWith("📋")).length;
    expect([maria(), ivan(), olena(), elsewhere(), stopped()].map(received)).toEqual([1, 1, 1, 0, 0]);
  });

  it("shows the worker one progress message, edited to the final count", async () => {
    await runJob();
    const w = worker();
    const progress = w.sentToMe().filter((c) => String(c.params.text).startsWith("📋 “Which day"));
    expect(progress).toHaveLength(1);
    const messageId = (progress[0]?.response as { result: { message_id: number } } | undefined)?.result.message_id;
    const edits = h.fake.callsTo("editMessageText").filter((c) => c.params.message_id === messageId);
    expect(edits.at(-1)?.params.text).toBe(
      "📋 “Which day suits you for the mobile team's visit?”\n\nSent: 3 of 3 messages\n\nDone ✔",
    );
    expect(count("Consultation", `status = 'sent'`)).toBe(1);
    const before = h.fake.calls.length;
    await runJob();
    expect(h.fake.calls.length).toBe(before);
  });

  it("records one reply per person from the choice buttons, and acknowledges it in their language", async () => {
    await tapLabel(maria(), /^Luni$/);
    expect(lastText(maria())).toBe("Vă mulțumim! Răspunsul a fost înregistrat.");
    const edited = h.fake.callsTo("editMessageText").filter((c) => String(c.chatId) === String(maria().chat.id));
    expect(String(edited.at(-1)?.params.text)).toMatch(/Răspunsul dumneavoastră: Luni|Luni$/);
    // The same keyboard tapped again (as from a second device): nothing changes.
    await tapOn(maria(), /^📋/, /^Vineri$/);
    expect(lastText(maria())).toBe("Ați răspuns deja la această întrebare. Vă mulțumim!");
    await tapLabel(ivan(), /^Monday$/);
    expect(lastText(ivan())).toBe("Спасибо! Ваш ответ записан.");
    await tapLabel(olena(), /^Friday$/);
    expect(count("ConsultationReply")).toBe(3);
    expect(count("Answer")).toBe(0); // nothing went to the survey
  });

  it("lists the results with counts and shares, hiding counts under MIN_CELL", async () => {
    const w = worker();
    await w.text("/results");
    const sent = w.sentToMe().slice(-2);
    expect(sent[0]?.params.text).toBe("Your latest questions:");
    const block = String(sent[1]?.params.text);
    expect(block).toMatch(/^📋 1 Jun 2026 — Which day suits you/);
    expect(block).toContain("Delivered: 3 of 3 messages");
    expect(block).toContain("3 replies");
    // Friday's one reply is "<2"; Monday's 2 would give it away (3 − 2 − 0), so it is hidden too.
    expect(block).toContain("• Monday: x\n• Wednesday: 0 (0%)\n• Friday: <2");
    expect(block).toContain("“x”: hidden so that a smaller count cannot be worked out.");
    expect(block).not.toMatch(/8200000|Maria/);
  });

  it("refuses the staff commands to beneficiaries, politely", async () => {
    for (const command of ["/consult", "/results"]) {
      await elsewhere().text(command);
      expect(lastText(elsewhere())).toMatch(/^Această comandă este pentru asistenții sociali/);
    }
    expect(count("ConsultationDraft")).toBe(0);
  });

  it("takes a typed reply to a free-text question, and leaves a survey in progress alone until Reply is tapped", async () => {
    const w = worker();
    // Olena is in the middle of the survey (consent given, first question asked).
    await olena().text("/start svc_DC1");
    await tapLabel(olena(), /Погоджуюся|✅/);
    const sessionBefore = h.db.sql
      .prepare(`SELECT state FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`)
      .get(String(olena().chat.id)) as { state: string };
    expect(JSON.parse(sessionBefore.state).phase).toBe("question");

    await w.text("/consult");
    await w.text("What should the day centre add next year?");
    await tapLabel(w, /own words/);
    await tapLabel(w, /Everyone subscribed/);
    await tapLabel(w, /No more translations/);
    expect(lastText(w)).toContain("(answered in their own words)");
    expect(lastText(w)).toContain("It will go to 4 people (Telegram: 4).");
    await tapLabel(w, /Send/);
    await runJob();
    expect(lastText(maria())).toMatch(/Ce ar trebui|What should the day centre add/);
    expect(
      maria()
        .lastKeyboardMessage()
        .buttons.map((b) => b.text),
    ).toEqual(["✍ Răspunde"]);

    await maria().text("Un atelier de croitorie");
    expect(lastText(maria())).toBe("Vă mulțumim! Răspunsul a fost înregistrat.");
    await maria().text("Și o bibliotecă"); // the next text is no reply any more
    expect(lastText(maria())).not.toBe("Vă mulțumim! Răspunsul a fost înregistrat.");

    await olena().text("Більше занять з малювання");
    expect(lastText(olena())).not.toMatch(/Дякуємо! Вашу відповідь записано/);
    expect(count("ConsultationReply", `text IS NOT NULL`)).toBe(1);
    await tapOn(olena(), /^📋/, /Відповісти/);
    expect(lastText(olena())).toBe("Напишіть відповідь одним повідомленням.");
    clock += 60_000;
    await olena().text("Більше занять з малювання");
    // Thanked, then taken back to the survey question the broadcast interrupted.
    expect(
      olena()
        .sentToMe()
        .slice(-3)
        .map((c) => String(c.params.text)),
    ).toEqual([
      "Дякуємо! Вашу відповідь записано.",
      "Продовжимо з того місця, де Ви зупинилися.",
      expect.stringMatching(/^Запитання 1 з 11/),
    ]);
    const sessionAfter = h.db.sql
      .prepare(`SELECT state FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`)
      .get(String(olena().chat.id)) as { state: string };
    expect(JSON.parse(sessionAfter.state).current).toBe(JSON.parse(sessionBefore.state).current);

    await w.text("/results");
    const [title, latest, earlier] = w
      .sentToMe()
      .slice(-3)
      .map((c) => String(c.params.text));
    expect(title).toBe("Your latest questions:");
    expect(earlier).toMatch(/Which day suits you/);
    const block = String(latest);
    expect(block).toMatch(/^📋 1 Jun 2026 — What should the day centre add next year\?/);
    expect(block).toContain("Delivered: 4 of 4 messages");
    expect(block).toContain("2 replies");
    expect(block).toContain("Latest answers:\n\n“Більше занять з малювання”\n“Un atelier de croitorie”");
  });

  it("drops a draft with /cancel, and typed text goes back to the survey", async () => {
    const w = worker();
    await w.text("/consult");
    await w.text("A question I will not send");
    expect(count("ConsultationDraft")).toBe(1);
    await w.text("/cancel");
    expect(lastText(w)).toBe("Cancelled: the question was not sent.");
    expect(count("ConsultationDraft")).toBe(0);
    await w.text("/cancel");
    expect(lastText(w)).toBe("There is nothing to cancel.");
  });

  it("with /forget, erases the worker's staff row and draft, and Maria's replies with her typed words", async () => {
    const w = worker();
    const m = maria();
    await w.text("/consult");
    await m.text("/join NOT-A-CODE"); // a wrong-code counter for Maria
    const respondentIds = [w, m].map(
      (u) => (h.db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = ?`).get(String(u.chat.id)) as { id: string }).id,
    );
    const lockouts = count("JoinAttempt");
    expect(lockouts).toBeGreaterThanOrEqual(1);
    const typed = (
      h.db.sql
        .prepare(`SELECT text FROM "ConsultationReply" WHERE "respondentId" = ? AND text IS NOT NULL`)
        .all(respondentIds[1]) as { text: string }[]
    ).map((r) => r.text);
    expect(typed.length).toBeGreaterThan(0);
    expect(count("ConsultationDraft", `"respondentId" = ?`, respondentIds[0])).toBe(1);
    await w.text("/forget");
    await tapLabel(w, /Yes, erase/);
    await m.text("/forget");
    await tapLabel(m, /Da, șterge|șterge/);
    const ids = [String(w.chat.id), String(m.chat.id), ...respondentIds];
    const tables = (
      h.db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    for (const table of tables) {
      const rows = h.db.sql.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      for (const id of ids)
        expect(
          rows.filter((r) => JSON.stringify(r).includes(id)),
          `table ${table}`,
        ).toEqual([]);
    }
    expect(count("Staff")).toBe(0);
    expect(count("ConsultationDraft")).toBe(0);
    expect(count("ConsultationReply", `"respondentId" IS NULL`)).toBe(0); // Maria's replies went with her
    for (const text of typed)
      expect(JSON.stringify(h.db.sql.prepare(`SELECT * FROM "ConsultationReply"`).all())).not.toContain(text);
    expect(count("JoinAttempt")).toBe(lockouts); // the lockout outlives /forget, naming no one
  });

  it("never logs invite codes, questions or replies", () => {
    const logs = h.log.lines.join("\n");
    expect(logs).toContain("consultation reply recorded");
    for (const secret of [
      code,
      code.replaceAll("-", ""),
      "Which day suits you",
      "Un atelier de croitorie",
      "Більше занять",
      "Luni",
    ])
      expect(logs).not.toContain(secret);
  });
});
