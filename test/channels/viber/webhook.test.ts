import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { sign, viberFixture } from "../../support/fake-viber.ts";
import {
  messageToken,
  type Received,
  SIGNATURE_HEADER,
  type ViberHarness,
  viberHarness,
  viberUser,
} from "../../support/viber.ts";

const survey = YAML.parse(readFileSync("surveys/beneficiary-satisfaction.yaml", "utf8"));
const en = JSON.parse(readFileSync("locales/en/translation.json", "utf8"));
const ru = JSON.parse(readFileSync("locales/ru/translation.json", "utf8"));

let h: ViberHarness;
beforeAll(async () => {
  h = await viberHarness();
});
afterAll(() => h.close());

/** Every keyboard is a grid of rows exactly six columns wide, of silent, labelled buttons carrying an engine id. */
function expectWellFormed(keyboard: NonNullable<Received["keyboard"]>) {
  expect(keyboard).toMatchObject({ Type: "keyboard", DefaultHeight: false });
  let filled = 0;
  for (const b of keyboard.Buttons) {
    expect(b).toMatchObject({ ActionType: "reply", Silent: true, Rows: 1 });
    expect(String(b.ActionBody)).toMatch(/^btn:[a-z0-9]+(:[a-z0-9]+)?$/);
    expect(String(b.Text)).not.toMatch(/^(btn:|q\d+:|lang:|consent:)/);
    filled = (filled + Number(b.Columns)) % 6;
  }
  expect(filled).toBe(0);
}

/** Taps through the default survey (as the Telegram test does), typing the comment. */
async function takeSurvey(user: ReturnType<typeof viberUser>, comment: string) {
  const taps = [2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];
  for (const n of taps) {
    expectWellFormed(user.lastKeyboard());
    const response = await user.tap(n);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  }
  await user.text(comment);
}

describe("a beneficiary in Viber", () => {
  it.each([
    { language: "ru", id: "cnVWaWJlclVzZXIwMDE=", comment: "Спасибо за заботу." },
    { language: "en", id: "ZW5WaWJlclVzZXIwMDI=", comment: "Thank you for your care." },
  ] as const)(
    "takes the default survey in $language, from a welcome that asks for the language",
    async ({ language, id, comment }) => {
      const user = viberUser(h, { id, language: "ro" });
      const opened = await user.open();
      expect(opened.status).toBe(200);
      // The welcome is the webhook's answer: the language choice, in every language; nothing queued.
      const welcome = (await opened.json()) as Record<string, unknown>;
      expect(welcome).toMatchObject({ sender: { name: "Glas" }, type: "text" });
      expect(String(welcome.text)).toContain(en.language.choose);
      expect(String(welcome.text)).toContain(ru.language.choose);
      expect(h.fake.sentTo(id)).toHaveLength(0);
      expect(h.count("Outbox", `recipient = ?`, id)).toBe(0);
      await user.tapLabel(language === "ru" ? "Русский" : "English");
      // The choice shows as the first line of the consent notice that follows.
      const consent = user.lastText() ?? "";
      expect(consent.startsWith(language === "ru" ? "Ваш ответ: Русский" : "Your answer: English")).toBe(true);
      expect(consent).toContain(survey.intro[language].split("\n")[0]);
      await user.tap(1); // agree
      await takeSurvey(user, comment);
      expect(user.lastText()?.endsWith(survey.thanks[language].trim())).toBe(true);
      // One message per tap: the answer confirmed on the next question, not in a message of its own.
      expect(h.fake.sentTo(id)).toHaveLength(16); // language, consent, 13 taps, the comment
      const responses = h.db.sql
        .prepare(
          `SELECT r.status, r.locale, COUNT(a.id) AS answers FROM "Response" r JOIN "Answer" a ON a."responseId" = r.id WHERE r.locale = ? GROUP BY r.id`,
        )
        .all(language);
      expect(responses).toEqual([{ status: "completed", locale: language, answers: 12 }]);
    },
  );

  it("lays out NPS 0–10 as two rows and ticks multiple choice with ✓, redrawing only the keyboard", async () => {
    const user = viberUser(h, { id: "bGF5b3V0VXNlcjAwMw==", language: "en" });
    await user.open();
    await user.tapLabel("English");
    await user.tap(1);
    for (const n of [2, 4, 5, 3, 4, 1, 1, 5]) await user.tap(n);
    const nps = user.lastKeyboard().Buttons;
    expect(nps.map((b) => b.Text)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", en.survey.button.back]);
    expect(nps.map((b) => b.Columns)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 6]);
    await user.tap(11);
    const before = h.fake.sentTo(user.profile.id).length;
    await user.tap(2);
    const tick = h.fake.sentTo(user.profile.id).slice(before);
    expect(tick).toHaveLength(1);
    expect(tick[0]?.body.type).toBeUndefined(); // a keyboard alone: nothing is written in the chat
    const labels = user.lastKeyboard().Buttons.map((b) => String(b.Text));
    expect(labels.filter((l) => l.startsWith("✓ "))).toHaveLength(1);
    expect(labels).toContain(en.survey.button.done);
    expect(labels).toContain(en.survey.button.skip);
  });

  it("is credited to the service named in the poster's context", async () => {
    await h.db.store.services.add({ code: "VB1", name: "Echipa mobilă", locality: "Ungheni" });
    const user = viberUser(h, { id: "Y29udGV4dFVzZXIwMDQ=", language: "ru" });
    await user.open({ context: "svc_VB1" });
    await user.tapLabel("Русский");
    await user.tap(1);
    await takeSurvey(user, "Спасибо.");
    const row = h.db.sql
      .prepare(
        `SELECT s.code FROM "Response" r JOIN "Service" s ON s.id = r."serviceId" JOIN "Answer" a ON a."responseId" = r.id
         WHERE a.question = 'visit_frequency' AND a."serviceId" = s.id AND s.code = 'VB1'`,
      )
      .get();
    expect(row).toEqual({ code: "VB1" });
  });

  it("changes nothing and sends nothing when Viber delivers a callback again", async () => {
    const user = viberUser(h, { id: "cmVkZWxpdmVyeTAwNQ==", language: "en" });
    const opening = user.conversationStarted();
    expect((await h.post(opening)).status).toBe(200);
    const again = await h.post(opening);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(""); // no second welcome
    await user.open();
    await user.tapLabel("English");
    const press = user.tapMessage(1);
    await h.deliver(press);
    const calls = h.fake.calls.length;
    const answers = h.count("Answer");
    const outbox = h.count("Outbox");
    const redelivered = await h.deliver(press);
    expect(redelivered.status).toBe(200);
    expect(h.fake.calls.length).toBe(calls);
    expect(h.count("Answer")).toBe(answers);
    expect(h.count("Outbox")).toBe(outbox);
  });

  it("keeps every digit of a message token: tokens differing in their last digits are two messages", async () => {
    const user = viberUser(h, { id: "ZGlnaXRzVXNlcjAwNg==", language: "en" });
    await user.open();
    const a = "4912661846655238145";
    const b = "4912661846655238146";
    expect(Number(a)).toBe(Number(b)); // one double for both: parsing as numbers would merge them
    const before = h.fake.sentTo(user.profile.id).length;
    await h.deliver(user.textMessage("hello", a));
    await h.deliver(user.textMessage("hello again", b));
    expect(h.fake.sentTo(user.profile.id).length - before).toBe(2);
    const tokens = (
      h.db.sql.prepare(`SELECT "externalId" FROM "ProcessedUpdate" WHERE channel = 'viber'`).all() as {
        externalId: string;
      }[]
    ).map((r) => r.externalId);
    expect(tokens).toContain(a);
    expect(tokens).toContain(b);
  });

  it("records one answer when a button is tapped twice at once", async () => {
    const user = viberUser(h, { id: "ZG91YmxlVGFwMDA3", language: "en" });
    await user.open();
    await user.tapLabel("English");
    await user.tap(1);
    const session = () =>
      h.db.sql
        .prepare(
          `SELECT s.state, s.version FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`,
        )
        .get(user.profile.id) as { state: string; version: number };
    const [x, y] = await Promise.all([h.post(user.tapMessage(1)), h.post(user.tapMessage(2))]);
    expect([x.status, y.status]).toEqual([200, 200]);
    await h.drain();
    // The answer waits in the session, once, until the survey is completed.
    expect(Object.keys(JSON.parse(session().state).answers)).toEqual(["visit_frequency"]);
  });

  it.each([
    { name: "picture", reask: /^Я понимаю только текст/ },
    { name: "sticker", reask: /^Я розумію лише текст/ },
    { name: "location", reask: /^Înțeleg doar text scris/ },
  ] as const)("is asked again, with the buttons, when a $name arrives where an answer is expected", async ({ name, reask }) => {
    const fixture = viberFixture(name);
    const sender = (JSON.parse(fixture) as { sender: { id: string; language: string } }).sender;
    const user = viberUser(h, { id: sender.id, language: sender.language });
    await user.open();
    await user.tapLabel({ ro: "Română", ru: "Русский", uk: "Українська" }[sender.language] ?? "English");
    const before = h.fake.sentTo(sender.id).length;
    await h.deliver(fixture);
    const sent = h.fake.sentTo(sender.id).slice(before);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.body.text)).toMatch(reask);
    expect(sent[0]?.body.keyboard).toBeDefined();
  });

  it("reads a tap whose message carries tracking_data like any other tap", async () => {
    const fixture = viberFixture("message-tracking-data");
    const id = (JSON.parse(fixture) as { sender: { id: string } }).sender.id;
    const user = viberUser(h, { id, language: "uk" });
    await user.open();
    await h.deliver(fixture);
    expect(user.lastText()?.startsWith("Ваша відповідь: Українська")).toBe(true);
    expect(h.count("Respondent", `"platformId" = ? AND locale = 'uk'`, id)).toBe(1);
  });

  it("keeps a known person's status from subscribed and unsubscribed, and creates no one from them", async () => {
    const id = "01234567890A=";
    expect((await h.deliver(viberFixture("subscribed"))).status).toBe(200);
    expect((await h.deliver(viberFixture("unsubscribed"))).status).toBe(200);
    expect(h.count("Respondent", `"platformId" = ?`, id)).toBe(0);
    const user = viberUser(h, { id, language: "ro" });
    await user.open();
    await user.tapLabel("Română");
    expect(h.count("Respondent", `"platformId" = ? AND status = 'active'`, id)).toBe(1);
    expect((await h.deliver(viberFixture("unsubscribed"))).status).toBe(200);
    expect(h.count("Respondent", `"platformId" = ? AND status = 'stopped'`, id)).toBe(1);
    await h.deliver(user.event("subscribed"));
    expect(h.count("Respondent", `"platformId" = ? AND status = 'active'`, id)).toBe(1);
  });

  it("is marked unreachable when Viber answers receiverNotSubscribed, and the message is not retried", async () => {
    const user = viberUser(h, { id: "Z29uZVVzZXIwMDg=", language: "ro" });
    await user.open();
    h.fake.unsubscribe(user.profile.id);
    await user.tap(1);
    await h.drain();
    const refused = h.fake.callsTo("send_message").filter((c) => c.receiver === user.profile.id);
    expect(refused).toHaveLength(1);
    expect(h.count("Respondent", `"platformId" = ? AND status = 'unreachable'`, user.profile.id)).toBe(1);
  });

  it("moves a sent message to delivered, then seen, never back", async () => {
    const user = viberUser(h, { id: "cmVjZWlwdHNVc2VyMDk=", language: "en" });
    await user.open();
    await user.tapLabel("English");
    const token = h.fake.sentTo(user.profile.id).at(-1)?.messageToken ?? "";
    expect(token).toMatch(/^\d{19}$/);
    const receipt = (name: "delivered" | "seen" | "failed") =>
      viberFixture(name).replace(/"message_token": \d+/, `"message_token": ${token}`);
    const status = () =>
      (
        h.db.sql.prepare(`SELECT status FROM "Outbox" WHERE channel = 'viber' AND "externalId" = ?`).get(token) as {
          status: string;
        }
      ).status;
    expect(status()).toBe("sent");
    await h.post(receipt("delivered"));
    expect(status()).toBe("delivered");
    await h.post(receipt("seen"));
    expect(status()).toBe("seen");
    await h.post(receipt("delivered"));
    await h.post(receipt("failed"));
    expect(status()).toBe("seen");
  });

  it("marks a sent message failed when Viber reports it failed", async () => {
    const user = viberUser(h, { id: "ZmFpbGVkVXNlcjAxMA==", language: "en" });
    await user.open();
    await user.tapLabel("English");
    const token = h.fake.sentTo(user.profile.id).at(-1)?.messageToken ?? "";
    await h.post(viberFixture("failed").replace(/"message_token": \d+/, `"message_token": ${token}`));
    expect(h.count("Outbox", `"externalId" = ? AND status = 'failed'`, token)).toBe(1);
  });

  it("stops broadcasts with /stop typed, and explains itself with /help", async () => {
    const user = viberUser(h, { id: "c3RvcFVzZXIwMTE=", language: "en" });
    await user.open();
    await user.tapLabel("English");
    await user.text("/help");
    expect(user.lastText()).toContain("/forget");
    await user.text("/stop");
    expect(h.count("Respondent", `"platformId" = ? AND status = 'stopped'`, user.profile.id)).toBe(1);
  });

  it("offers the languages again on /language", async () => {
    const user = viberUser(h, { id: "bGFuZ3VhZ2VVc2VyMTI=", language: "en" });
    await user.open();
    await user.tapLabel("English");
    await user.text("/language");
    expect(user.lastKeyboard().Buttons.map((b) => b.Text)).toEqual(["Română", "Русский", "Українська", "English"]);
    await user.tapLabel("Română");
    expect(h.count("Respondent", `"platformId" = ? AND locale = 'ro'`, user.profile.id)).toBe(1);
  });

  it("with /forget and its button, leaves no row holding the Viber id, once the goodbye is sent", async () => {
    const id = "Zm9yZ2V0TWVWaWJlcjk5PQ==";
    const user = viberUser(h, { id, language: "en" });
    await user.open({ context: "svc_DEMO" });
    await user.tapLabel("English");
    await user.tap(1);
    await user.tap(1);
    await user.text("/forget");
    expect(user.lastKeyboard().Buttons.map((b) => b.ActionBody)).toEqual(["btn:forget:yes", "btn:forget:no"]);
    await user.tap(1);
    expect(user.lastText()).toMatch(/has been erased/);
    const tables = (
      h.db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    for (const table of tables) {
      const rows = h.db.sql.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      expect(
        rows.filter((r) => JSON.stringify(r).includes(id)),
        `table ${table}`,
      ).toEqual([]);
    }
  });
});

describe("POST /viber/webhook", () => {
  const body = () => viberFixture("message-text").replace(/"message_token": \d+/, `"message_token": ${messageToken()}`);
  const rows = () => ["Respondent", "Session", "Outbox", "ProcessedUpdate", "Answer"].map((t) => h.count(t));

  it("answers Viber's webhook check with 200", async () => {
    const response = await h.post(viberFixture("webhook"));
    expect(response.status).toBe(200);
  });

  it.each([
    { label: "no signature", headers: (_b: string) => ({ [SIGNATURE_HEADER]: "" }) },
    { label: "a wrong signature", headers: (b: string) => ({ [SIGNATURE_HEADER]: sign("another-token", b) }) },
    { label: "the signature of another body", headers: (b: string) => ({ [SIGNATURE_HEADER]: sign(h.fake.token, `${b} `) }) },
    { label: "a truncated signature", headers: (b: string) => ({ [SIGNATURE_HEADER]: sign(h.fake.token, b).slice(0, 63) }) },
    {
      label: "a signature in capitals of another body",
      headers: (b: string) => ({ [SIGNATURE_HEADER]: sign("x", b).toUpperCase() }),
    },
  ])("refuses $label with 401 and writes nothing", async ({ headers }) => {
    const before = rows();
    const b = body();
    const response = await h.post(b, headers(b));
    expect(response.status).toBe(401);
    expect(rows()).toEqual(before);
  });

  it("refuses a body signed with another token even when it is not JSON (401 comes before parsing)", async () => {
    const response = await h.post("{not json", { [SIGNATURE_HEADER]: sign("another-token", "{not json") });
    expect(response.status).toBe(401);
  });

  it.each([
    { label: "malformed JSON", raw: '{"event": "message",', status: 400 },
    { label: "JSON that is not a callback", raw: '{"hello":"world"}', status: 400 },
    { label: "an array", raw: "[1,2,3]", status: 400 },
    {
      label: "a message without a sender",
      raw: '{"event":"message","message_token":1,"message":{"type":"text","text":"x"}}',
      status: 400,
    },
    { label: "a token that is not an integer", raw: '{"event":"delivered","message_token":1.5}', status: 400 },
    { label: "an event Glas does not read", raw: '{"event":"client_status","timestamp":1,"message_token":1}', status: 200 },
    { label: "a body over 1 MB", raw: JSON.stringify({ event: "message", text: "x".repeat(1_100_000) }), status: 413 },
  ])("answers $label with $status and writes nothing", async ({ raw, status }) => {
    const before = rows();
    const response = await h.post(raw);
    expect(response.status).toBe(status);
    expect(rows()).toEqual(before);
  });

  it("never logs the token, the signature or what people wrote", () => {
    const logs = h.log.lines.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [h.fake.token, "Спасибо за заботу", "Thank you for your care", "hello again", "Maria"]) {
      expect(logs).not.toContain(secret);
    }
  });
});
