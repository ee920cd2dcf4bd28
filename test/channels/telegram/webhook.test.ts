import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { telegramFixture } from "../../support/fake-telegram.ts";
import { type Harness, SECRET, telegramHarness, telegramUser } from "../../support/telegram.ts";

const survey = YAML.parse(readFileSync("surveys/beneficiary-satisfaction.yaml", "utf8"));

let h: Harness;
beforeAll(async () => {
  h = await telegramHarness();
});
afterAll(() => h.close());

const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

/** The session of a person in the middle of a survey: where the answers wait until it is completed. */
const session = (platformId: number) =>
  h.db.sql
    .prepare(`SELECT s.state, s.version FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`)
    .get(String(platformId)) as { state: string; version: number };

/** Taps through the default survey: each question's Nth button, typed text for the comment. */
async function takeSurvey(user: ReturnType<typeof telegramUser>, comment: string) {
  const taps = [2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];
  for (const n of taps) {
    const response = await user.tap(n);
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { method: string; callback_query_id: string };
    expect(reply.method).toBe("answerCallbackQuery");
  }
  await user.text(comment);
}

describe("a beneficiary in Telegram", () => {
  it.each([
    { language: "ro", id: 7_100_000_001 },
    { language: "uk", id: 7_100_000_002 },
  ])("takes the default survey in $language, greeted in the language of their app", async ({ language, id }) => {
    const user = telegramUser(h, { id, language });
    expect((await user.text("/start")).status).toBe(200);
    const consent = user.lastKeyboardMessage();
    expect(consent.text).toContain(survey.intro[language].split("\n")[0]);
    await user.tap(1); // agree
    await takeSurvey(user, language === "ro" ? "Mulțumesc pentru grijă." : "Дякую за турботу.");
    const last = user.sentToMe().at(-1);
    expect(last?.params.text).toBe(survey.thanks[language].trim());
    // Every answered question lost its buttons and shows the answer.
    const edits = h.fake.callsTo("editMessageText").filter((c) => String(c.chatId) === String(id));
    expect(edits.length).toBe(12);
    expect(edits.every((c) => c.params.reply_markup === undefined)).toBe(true);
    const responses = h.db.sql
      .prepare(
        `SELECT r.status, r.locale, COUNT(a.id) AS answers FROM "Response" r JOIN "Answer" a ON a."responseId" = r.id WHERE r.locale = ? GROUP BY r.id`,
      )
      .all(language);
    expect(responses).toEqual([{ status: "completed", locale: language, answers: 12 }]);
  });

  it("is credited to the service of the poster's deep link", async () => {
    await h.db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
    const user = telegramUser(h, { id: 7_100_000_003, language: "ru" });
    await user.text("/start svc_DC1");
    await user.tap(1);
    await takeSurvey(user, "Спасибо.");
    const row = h.db.sql
      .prepare(
        `SELECT s.code FROM "Response" r JOIN "Service" s ON s.id = r."serviceId" JOIN "Answer" a ON a."responseId" = r.id
         WHERE a.question = 'visit_frequency' AND a."serviceId" = s.id AND s.code = 'DC1'`,
      )
      .get();
    expect(row).toEqual({ code: "DC1" });
  });

  it("changes nothing and sends nothing when Telegram delivers an update again", async () => {
    const user = telegramUser(h, { id: 7_100_000_004, language: "en" });
    await user.text("/start");
    await user.tap(1);
    const press = user.pressUpdate(user.lastKeyboardMessage().buttons[0]?.callback_data ?? "");
    await h.deliver(press);
    const calls = h.fake.calls.length;
    const answers = count("Answer");
    const again = await h.deliver(press);
    expect(again.status).toBe(200);
    expect(h.fake.calls.length).toBe(calls);
    expect(count("Answer")).toBe(answers);
    expect(count("ProcessedUpdate", `"externalId" = ?`, String(press.update_id))).toBe(1);
  });

  it("records one answer when a button is pressed twice at once", async () => {
    const user = telegramUser(h, { id: 7_100_000_005, language: "en" });
    await user.text("/start");
    await user.tap(1);
    const message = user.lastKeyboardMessage();
    const [a, b] = await Promise.all([
      h.post(user.pressUpdate(message.buttons[0]?.callback_data ?? "", message)),
      h.post(user.pressUpdate(message.buttons[1]?.callback_data ?? "", message)),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.drain();
    const after = session(7_100_000_005);
    expect(Object.keys(JSON.parse(after.state).answers)).toEqual(["visit_frequency"]);
  });

  it("gets a short notice, and nothing recorded, for a button the bot never sent", async () => {
    const user = telegramUser(h, { id: 7_100_000_006, language: "ro" });
    await user.text("/start");
    await user.tap(1);
    const message = user.lastKeyboardMessage();
    const before = count("Answer");
    for (const data of ["q0:0x", "q0:00", "q99:1", "anything", "q0:0 ", "consent:yes"]) {
      const response = await h.deliver(user.pressUpdate(data, message));
      expect(await response.json()).toEqual({
        method: "answerCallbackQuery",
        callback_query_id: expect.any(String),
        text: "Acest buton nu mai este activ.",
      });
    }
    expect(count("Answer")).toBe(before);
  });

  it.each([
    { name: "photo", start: "/start", reask: /^Я понимаю только текст/ },
    { name: "sticker", start: "/start", reask: /^Я розумію лише текст/ },
    { name: "voice", start: null, reask: /^Я розумію лише текст/ },
  ] as const)("is asked again, in their language, when a $name arrives", async ({ name, start, reask }) => {
    const update = telegramFixture(name);
    const from = update.message?.from;
    if (!from) throw new Error("fixture without from");
    const user = telegramUser(h, { id: from.id, language: from.language_code ?? "ro" });
    if (start) await user.text(start);
    const before = user.sentToMe().length;
    await h.deliver(update);
    const sent = user.sentToMe().slice(before);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.params.text)).toMatch(reask);
    expect(sent[0]?.params.reply_markup).toBeDefined();
  });

  it("stops broadcasts with /stop", async () => {
    await h.deliver(telegramFixture("command-stop"));
    const from = telegramFixture("command-stop").message?.from?.id;
    expect(count("Respondent", `"platformId" = ? AND status = 'stopped'`, String(from))).toBe(1);
  });

  it("is marked unreachable when Telegram answers 403 to a reply, and the reply is not retried", async () => {
    const user = telegramUser(h, { id: 7_100_000_007, language: "ro" });
    h.fake.blockChat(user.chat.id);
    await user.text("/start");
    const sends = h.fake.callsTo("sendMessage").filter((c) => String(c.chatId) === String(user.chat.id));
    expect(sends).toHaveLength(1);
    expect(count("Respondent", `"platformId" = ? AND status = 'unreachable'`, String(user.chat.id))).toBe(1);
    expect(count("Outbox", `status = 'failed' AND recipient = ''`)).toBeGreaterThanOrEqual(1);
    await h.drain();
    expect(h.fake.callsTo("sendMessage").filter((c) => String(c.chatId) === String(user.chat.id))).toHaveLength(1);
  });

  it("is marked as stopped when blocking the bot", async () => {
    const update = telegramFixture("my-chat-member-blocked");
    const from = update.my_chat_member?.from.id;
    expect((await h.deliver(update)).status).toBe(200);
    expect(count("Respondent", `"platformId" = ? AND status = 'stopped'`, String(from))).toBe(1);
  });

  it("with /forget, leaves no row holding their Telegram id, once the goodbye is sent", async () => {
    const id = 7_100_000_099;
    const user = telegramUser(h, { id, language: "en" });
    await user.text("/start");
    await user.tap(1);
    await user.tap(1);
    await user.text("/forget");
    await user.tap(1); // yes, erase
    expect(String(user.sentToMe().at(-1)?.params.text)).toMatch(/has been erased/);
    const tables = (
      h.db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    for (const table of tables) {
      const rows = h.db.sql.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      const holding = rows.filter((r) => JSON.stringify(r).includes(String(id)));
      expect(holding, `table ${table}`).toEqual([]);
    }
  });
});

describe("group chats", () => {
  it("get one explanation, then silence", async () => {
    const update = telegramFixture("group-message");
    await h.deliver(update);
    await h.deliver({ ...update, update_id: update.update_id + 1000 });
    const toGroup = h.fake.calls.filter((c) => String(c.chatId) === String(update.message?.chat.id));
    expect(toGroup).toHaveLength(1);
    expect(String(toGroup[0]?.params.text)).toContain("@GlasTestBot");
    expect(count("Session")).toBeGreaterThanOrEqual(0);
  });
});

describe("POST /telegram/webhook", () => {
  it.each([
    { label: "no secret", headers: { "X-Telegram-Bot-Api-Secret-Token": "" }, status: 401 },
    { label: "a wrong secret", headers: { "X-Telegram-Bot-Api-Secret-Token": `${SECRET}x` }, status: 401 },
  ])("refuses $label with 401 and processes nothing", async ({ headers, status }) => {
    const before = count("ProcessedUpdate");
    const response = await h.post(telegramFixture("start"), headers);
    expect(response.status).toBe(status);
    expect(count("ProcessedUpdate")).toBe(before);
  });

  it.each([
    { label: "malformed JSON", body: '{"update_id": 1,', status: 400 },
    { label: "JSON that is not an update", body: '{"hello":"world"}', status: 400 },
    { label: "a negative update id", body: '{"update_id": -1}', status: 400 },
    { label: "an array", body: "[1,2,3]", status: 400 },
    {
      label: "a message without a chat",
      body: '{"update_id": 5, "message": {"message_id": 1, "date": 1, "text": "hi"}}',
      status: 400,
    },
    { label: "a body over 1 MB", body: JSON.stringify({ update_id: 9, message: { text: "x".repeat(1_100_000) } }), status: 413 },
  ])("answers $label with $status and writes nothing", async ({ body, status }) => {
    const before = count("ProcessedUpdate");
    const response = await h.post(body);
    expect(response.status).toBe(status);
    expect(count("ProcessedUpdate")).toBe(before);
  });

  it.each(["edited-message", "channel-post", "poll", "chat-join-request"] as const)("accepts and ignores %s", async (name) => {
    const calls = h.fake.calls.length;
    const response = await h.deliver(telegramFixture(name));
    expect(response.status).toBe(200);
    expect(h.fake.calls.length).toBe(calls);
  });

  it("never logs the token, the secret or what people wrote", () => {
    const logs = h.log.lines.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [h.fake.token, SECRET, "Mulțumesc pentru grijă", "Дякую за турботу", "Ion"])
      expect(logs).not.toContain(secret);
  });
});
