import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { type MessengersHarness, messengersHarness } from "../../support/messengers.ts";
import { telegramUser } from "../../support/telegram.ts";
import { viberUser } from "../../support/viber.ts";

/**
 * The social worker's flow with the worker in Viber, through the real app, both messengers'
 * real code and the real outbox against the fake Viber and Bot APIs: /join → /consult →
 * preview with counts per messenger → confirm → final count → replies from both → /results.
 */

/** 10:00 in Chisinau: outside quiet hours, and in the past, so what is queued is due at once. */
let clock = Date.parse("2026-06-01T07:00:00Z");
const now = () => new Date(clock);

let h: MessengersHarness;
beforeAll(async () => {
  h = await messengersHarness({
    now,
    staff: { timezone: "Europe/Chisinau", minCell: 2 },
    env: { TELEGRAM_RATE: "1000", VIBER_RATE: "1000" },
  });
  await h.db.store.services.add({ code: "DC1", name: "Centrul de zi Speranța", locality: "Cahul" });
  await h.db.store.services.add({ code: "MT2", name: "Echipa mobilă", locality: "Comrat" });
});
afterAll(() => h.close());

type ViberUser = ReturnType<typeof viberUser>;
type TelegramUser = ReturnType<typeof telegramUser>;

const viberPeople = {
  worker: { id: "d29ya2VyVmliZXIwMDE=", language: "en" },
  ana: { id: "YW5hVmliZXIwMDAwMDE=", language: "ro" },
  boris: { id: "Ym9yaXNWaWJlcjAwMDE=", language: "ru" },
  oksana: { id: "b2tzYW5hVmliZXIwMDE=", language: "uk" },
  gone: { id: "Z29uZVZpYmVyMDAwMDE=", language: "ro" },
  left: { id: "bGVmdFZpYmVyMDAwMDE=", language: "ro" },
  elsewhere: { id: "ZWxzZVZpYmVyMDAwMDE=", language: "ro" },
};
/** One object per person: it remembers the welcomes, which come in webhook answers. */
const known = new Map<string, ViberUser>();
const person = (name: keyof typeof viberPeople) => () => {
  let u = known.get(name);
  if (!u) {
    u = viberUser(h.viber, viberPeople[name]);
    known.set(name, u);
  }
  return u;
};
const worker = person("worker");
const ana = person("ana");
const boris = person("boris");
const oksana = person("oksana");
const gone = person("gone");
const left = person("left");
const elsewhere = person("elsewhere");
const maria = () => telegramUser(h.telegram, { id: 8_300_000_011, language: "ro" });
const ivan = () => telegramUser(h.telegram, { id: 8_300_000_012, language: "ru" });

const tgText = (u: TelegramUser) => String(u.sentToMe().at(-1)?.params.text ?? "");
const labels = (u: ViberUser) => u.lastKeyboard().Buttons.map((b) => String(b.Text));
/** Messages a Viber person received that start like a consultation (the header line). */
const consultations = (u: ViberUser) => u.received().filter((m) => m.text?.startsWith("📋 "));

async function tapTelegram(u: TelegramUser, label: RegExp) {
  const message = u.lastKeyboardMessage();
  const button = message.buttons.find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label} among ${message.buttons.map((b) => b.text).join(" | ")}`);
  return h.telegram.deliver(u.pressUpdate(button.callback_data, message));
}

describe("a social worker in Viber", () => {
  it("joins with an invite code", async () => {
    for (const [u, language] of [
      [ana(), "Română"],
      [boris(), "Русский"],
      [oksana(), "Українська"],
      [gone(), "Română"],
      [left(), "Română"],
    ] as const) {
      await u.open({ context: "svc_DC1" });
      await u.tapLabel(language);
    }
    // Oksana and Boris go on into the survey (consent given, first question asked).
    await oksana().tap(1);
    await boris().tap(1);
    await elsewhere().open({ context: "svc_MT2" });
    await elsewhere().tapLabel("Română");
    await maria().text("/start svc_DC1");
    await ivan().text("/start svc_DC1");
    // One left the bot (Viber's unsubscribed callback); one is gone without telling (status 6 on send).
    await h.viber.post(left().event("unsubscribed"));
    h.viber.fake.unsubscribe(gone().profile.id);

    const { code } = await issueInvite(h.db.store, { role: "social_worker", service: "DC1" }, now());
    const w = worker();
    await w.open();
    await w.text("/join NOT-A-REAL-CODE");
    expect(w.lastText()).toBe("This code is not valid. Check it and try again.");
    await w.text(`/join ${code}`);
    expect(w.lastText()).toMatch(/^Welcome! You are now registered as a social worker\./);
    expect(w.lastText()).toContain("You can address the beneficiaries of: Centrul de zi Speranța.");
  });

  it("writes a consultation with choices through keyboards, and previews the recipients per messenger", async () => {
    const w = worker();
    await w.text("/consult");
    expect(w.lastText()).toMatch(/^Write the question/);
    expect(labels(w)).toEqual(["✖ Cancel"]);
    await w.text("Which day suits you for the mobile team's visit?");
    expect(w.lastText()).toBe("How should people answer?");
    expect(labels(w)).toEqual(["By choosing one of several answers", "In their own words", "✖ Cancel"]);
    // Typing where a button is expected asks again, with the same keyboard.
    await w.text("choices please");
    expect(w.lastText()).toMatch(/^Please answer with one of the buttons below\./);
    expect(labels(w)).toEqual(["By choosing one of several answers", "In their own words", "✖ Cancel"]);
    await w.tapLabel("By choosing one of several answers");
    // Viber cannot edit the question: the choice shows as the first line of the next message.
    expect(w.lastText()).toMatch(/^Your answer: By choosing one of several answers\n\nType the answers/);
    await w.text("Monday\nWednesday\n\nFriday");
    expect(w.lastText()).toBe("Who should receive the question?");
    expect(labels(w)).toEqual(["The beneficiaries of Centrul de zi Speranța", "✖ Cancel"]);
    await w.tapLabel("The beneficiaries of Centrul de zi Speranța");
    expect(w.lastText()).toMatch(/Translation — Română/);
    await w.text("Ce zi vă convine pentru vizita echipei mobile?\nLuni\nMiercuri\nVineri");
    expect(w.lastText()).toMatch(/Translation — Русский/);
    await w.tapLabel("Skip: Русский");
    expect(w.lastText()).toMatch(/Translation — Українська/);
    await w.tapLabel("No more translations: preview");

    const preview = w.lastText() ?? "";
    expect(preview).toContain("Which day suits you for the mobile team's visit?\n1. Monday\n2. Wednesday\n3. Friday");
    expect(preview).toContain("To: the beneficiaries of Centrul de zi Speranța");
    expect(preview).toContain("Languages: Română, English");
    // Those who left are not counted; the one Viber will refuse still is (nobody knows yet).
    expect(preview).toContain("It will go to 6 people (Telegram: 2, Viber: 4).");
    expect(labels(w)).toEqual(["✅ Send", "Change the audience", "✖ Cancel"]);
    for (const b of w.lastKeyboard().Buttons) expect(String(b.ActionBody)).toMatch(/^btn:cs:[a-z0-9]{12}:/);

    const send = w.tapMessage(1);
    await h.viber.deliver(send);
    expect(w.lastText()).toMatch(/Sending “Which day suits you for the mobile team's visit\?” to 6 people/);
    expect(h.count("ConsultationDraft")).toBe(0);
    // Viber delivers the same callback again: nothing more happens.
    const calls = h.viber.fake.calls.length;
    await h.viber.deliver(send);
    expect(h.viber.fake.calls.length).toBe(calls);
    expect(h.count("Consultation", `status = 'sending'`)).toBe(1);
  });

  it("sends it once to each recipient in both messengers, and the worker gets the final count", async () => {
    await h.runJob(now());
    await h.runJob(now());
    await h.runJob(now()); // a further run (or a restart) queues and says nothing again

    const [question] = consultations(ana());
    expect(question?.text).toBe(
      "📋 O întrebare de la serviciile sociale. Răspunsul este benevol.\n\nCe zi vă convine pentru vizita echipei mobile?\n\n🔒 Răspunsul dumneavoastră este anonim: numărăm doar răspunsurile, nimeni nu vede cine a răspuns.",
    );
    expect(question?.keyboard?.Buttons.map((b) => b.Text)).toEqual(["Luni", "Miercuri", "Vineri"]);
    // No Russian translation: the header in Russian, the question as written, in both messengers.
    expect(consultations(boris())[0]?.text).toMatch(/^📋 Вопрос от социальных служб.*\n\nWhich day suits you/s);
    expect(tgText(ivan())).toMatch(/^📋 Вопрос от социальных служб.*\n\nWhich day suits you/s);
    expect(tgText(maria())).toMatch(/^📋 O întrebare de la serviciile sociale.*\n\nCe zi vă convine/s);
    expect([ana(), boris(), oksana(), elsewhere(), left()].map((u) => consultations(u).length)).toEqual([1, 1, 1, 0, 0]);
    const toGone = h.viber.fake.callsTo("send_message").filter((c) => c.receiver === gone().profile.id);
    expect(toGone.filter((c) => String(c.body.text).startsWith("📋 "))).toHaveLength(1);
    expect(h.count("Respondent", `status = 'unreachable'`)).toBe(1);

    // Viber cannot edit the progress message: the first count, then the final one, nothing between.
    const progress = worker()
      .received()
      .filter((m) => m.text?.startsWith("📋 “Which day"))
      .map((m) => m.text?.split("\n\n").slice(1).join(" | "));
    expect(progress).toEqual([
      "Sent: 0 of 6 messages | Sending…",
      "Sent: 5 of 6 messages | 1 person could not be reached | Done ✔",
    ]);
    expect(h.count("Consultation", `status = 'sent'`)).toBe(1);
  });

  it("records one reply per person from the choice buttons, in both messengers", async () => {
    await ana().tapLabel("Luni");
    expect(ana().lastText()).toBe("Răspunsul dumneavoastră: Luni\n\nVă mulțumim! Răspunsul a fost înregistrat.");
    await ana().tapLabel("Vineri"); // the same keyboard again: nothing changes
    expect(ana().lastText()).toBe("Ați răspuns deja la această întrebare. Vă mulțumim!");
    await boris().tapLabel("Monday");
    expect(boris().lastText()).toMatch(/^Ваш ответ: Monday\n\nСпасибо! Ваш ответ записан\./);
    // Oksana was in the middle of the survey, whose keyboard the broadcast replaced: after her
    // reply, the survey's question comes back with its buttons.
    expect(labels(oksana())).toEqual(["Monday", "Wednesday", "Friday"]);
    await oksana().tapLabel("Wednesday");
    expect(oksana().lastText()).toMatch(
      /^Ваша відповідь: Wednesday\n\nДякуємо! Вашу відповідь записано\.\n\nПродовжимо з того місця, де Ви зупинилися\.\n\nЗапитання 1 з 11/,
    );
    expect(labels(oksana())).not.toContain("Wednesday");
    expect(labels(oksana()).length).toBeGreaterThan(1);
    await tapTelegram(maria(), /^Luni$/);
    expect(tgText(maria())).toBe("Vă mulțumim! Răspunsul a fost înregistrat.");
    await tapTelegram(ivan(), /^Friday$/);
    expect(h.count("ConsultationReply")).toBe(5);
    expect(h.count("Answer")).toBe(0); // nothing went to the survey
  });

  it("counts no reply from someone it was not sent to, nor before it was sent, even typing a button's data", async () => {
    const { id } = h.db.sql.prepare(`SELECT id FROM "Consultation" WHERE status <> 'draft'`).get() as { id: string };
    const before = h.count("ConsultationReply");
    await elsewhere().text(`btn:cr:${id}:0`); // never sent to them
    expect(h.count("ConsultationReply")).toBe(before);
    await h.db.store.consultations.create({
      id: "later0000001",
      createdById: null,
      sourceLocale: "ro",
      text: { ro: "Mâine?" },
      choices: [{ ro: "Da" }, { ro: "Nu" }],
      audience: { all: true },
    });
    await h.db.store.consultations.startSending("later0000001", new Date(now().getTime() + 86_400_000));
    const { id: anaId } = h.db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = ?`).get(ana().profile.id) as {
      id: string;
    };
    await h.db.store.consultations.addRecipients("later0000001", [anaId]);
    await ana().text("btn:cr:later0000001:0"); // hers, but not sent until tomorrow
    expect(h.count("ConsultationReply")).toBe(before);
    h.db.sql.prepare(`DELETE FROM "Consultation" WHERE id = 'later0000001'`).run();
  });

  it("refuses an audience under MIN_CELL at preview, saying why, and offers a wider one", async () => {
    const { code } = await issueInvite(h.db.store, { role: "social_worker", service: "MT2" }, now());
    const w = viberUser(h.viber, { id: "c21hbGxXb3JrZXIwMDE=", language: "en" });
    await w.open();
    await w.text(`/join ${code}`);
    await w.text("/consult");
    await w.text("Is the bus on time?");
    await w.tapLabel("In their own words");
    await w.tapLabel("The beneficiaries of Echipa mobilă");
    await w.tapLabel("No more translations: preview");
    expect(w.lastText()).toContain(
      "Only 1 would receive it. Replies stay anonymous only when at least 2 people can answer: choose a wider audience (a locality, or everyone).",
    );
    expect(labels(w)).toEqual(["Change the audience", "✖ Cancel"]);
    await w.tapLabel("Change the audience");
    expect(w.lastText()).toMatch(/Who should receive the question\?$/);
    await w.tapLabel("✖ Cancel");
    expect(h.count("Consultation", `"audience" LIKE '%MT2%'`)).toBe(0);
  });

  it("lists the results, counting replies from both messengers", async () => {
    const w = worker();
    await w.text("/results");
    const texts = w
      .received()
      .slice(-1)
      .map((m) => m.text ?? "");
    // Viber gets the title and the block as one message (few messages keep within Viber's rate).
    const block = texts[0] ?? "";
    expect(block).toMatch(/^Your latest questions:\n\n📋 1 Jun 2026 — Which day suits you/);
    // One person unreachable ("<2"): the 5 sent would give it away against the 6, so it is hidden.
    expect(block).toContain("Delivered: x of 6");
    expect(block).toContain("5 replies");
    expect(block).toContain("• Monday: x\n• Wednesday: <2\n• Friday: <2");
    expect(block).not.toMatch(/YW5h|8300000/);
  });

  it("takes typed replies to a free-text question in Viber, and leaves a survey in progress alone until Reply is tapped", async () => {
    const w = worker();
    const stateOf = (u: ViberUser) =>
      JSON.parse(
        (
          h.db.sql
            .prepare(`SELECT state FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`)
            .get(u.profile.id) as { state: string }
        ).state,
      ) as { phase: string; current: number };
    // Oksana and Boris are in the middle of the survey.
    const before = stateOf(oksana());
    expect([before.phase, stateOf(boris()).phase]).toEqual(["question", "question"]);

    await w.text("/consult");
    await w.text("What should the day centre add next year?");
    await w.tapLabel("In their own words");
    await w.tapLabel("The beneficiaries of Centrul de zi Speranța");
    await w.tapLabel("No more translations: preview");
    expect(w.lastText()).toContain("(answered in their own words)");
    expect(w.lastText()).toContain("It will go to 5 people (Telegram: 2, Viber: 3).");
    await w.tapLabel("✅ Send");
    await h.runJob(now());
    await h.runJob(now());
    expect(consultations(ana()).at(-1)?.text).toMatch(/What should the day centre add next year\?\n\nScrieți răspunsul/);
    expect(labels(ana())).toEqual(["✍ Răspunde"]);

    await ana().text("Un atelier de croitorie");
    expect(ana().lastText()).toBe("Vă mulțumim! Răspunsul a fost înregistrat.");
    await ana().text("Și o bibliotecă"); // the next text is no reply any more
    expect(ana().lastText()).not.toBe("Vă mulțumim! Răspunsul a fost înregistrat.");

    clock += 1000;
    await maria().text("Mai multe excursii");
    expect(tgText(maria())).toBe("Vă mulțumim! Răspunsul a fost înregistrat.");

    // Boris is in a survey: his text is the survey's (asked again, the survey keyboard back).
    expect(labels(boris())).toEqual(["✍ Ответить"]);
    await boris().text("Больше занятий");
    expect(labels(boris())).not.toContain("✍ Ответить");
    expect(h.count("ConsultationReply", `text IS NOT NULL`)).toBe(2);
    // Oksana taps Reply first: her next text is the reply, and the survey comes back after it.
    expect(labels(oksana())).toEqual(["✍ Відповісти"]);
    await oksana().tapLabel("✍ Відповісти");
    expect(oksana().lastText()).toBe("Напишіть відповідь одним повідомленням.");
    clock += 60_000;
    await oksana().text("Більше занять з малювання");
    expect(oksana().lastText()).toMatch(
      /^Дякуємо! Вашу відповідь записано\.\n\nПродовжимо з того місця, де Ви зупинилися\.\n\nЗапитання 1 з 11/,
    );
    expect(stateOf(oksana()).current).toBe(before.current);

    await w.text("/results");
    const block = w.received().at(-1)?.text ?? "";
    expect(block).toMatch(/^Your latest questions:\n\n📋 1 Jun 2026 — What should the day centre add next year\?/);
    expect(block).toContain("Delivered: 5 of 5 messages");
    expect(block).toContain("3 replies");
    expect(block).toContain("Latest answers:\n\n“Більше занять з малювання”\n“Mai multe excursii”\n“Un atelier de croitorie”");
    expect(block).toContain("Which day suits you");
  });

  it("never logs invite codes, questions, replies or Viber ids", () => {
    const logs = h.log.lines.join("\n");
    expect(logs).toContain("consultation reply recorded");
    for (const secret of [
      "Which day",
      "croitorie",
      "малювання",
      "Luni",
      worker().profile.id,
      ana().profile.id,
      h.viber.fake.token,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
