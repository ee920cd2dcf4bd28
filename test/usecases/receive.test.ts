import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../support/db.ts";
import { SURVEY } from "../support/engine.ts";
import { telegramFixture } from "../support/fake-telegram.ts";
import { type Harness, telegramHarness, telegramUser } from "../support/telegram.ts";

/**
 * The one way in (usecases/receive.ts), driven through Telegram's real webhook: what real people
 * and real platforms do, each fixed once for every messenger.
 */

let h: Harness;
beforeAll(async () => {
  h = await telegramHarness();
  await h.db.store.surveys.import(SURVEY.definition);
  await h.db.store.services.add({ code: "ALLT", name: "Centrul Toate", locality: "Cahul", surveySlug: "all-types" });
});
afterAll(() => h.close());

const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

type User = ReturnType<typeof telegramUser>;

/** Presses the button with this callback data on the latest message with buttons. */
async function press(user: User, data: string): Promise<void> {
  const response = await h.deliver(user.pressUpdate(data));
  expect(response.status).toBe(200);
}

/** The default survey up to its last question (the free-text comment). */
async function upToComment(user: User, locale: "ro" | "en"): Promise<void> {
  await user.text("/start");
  // Consent, then each question's Nth button (a tick and "Done" for the multiple choice).
  for (const n of [1, 2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7]) await user.tap(n);
  expect(String(user.sentToMe().at(-1)?.params.text)).toContain(t(locale, "survey.progress", { current: 12, total: 12 }));
}

/** The state of a person's one session (answers stay there until the survey is completed). */
function stateOf(platformId: string): Record<string, unknown> {
  const rows = h.db.sql
    .prepare(`SELECT state FROM "Session" WHERE "respondentId" IN (SELECT id FROM "Respondent" WHERE "platformId" = ?)`)
    .all(platformId) as { state: string }[];
  expect(rows).toHaveLength(1);
  return JSON.parse(rows[0]?.state ?? "{}") as Record<string, unknown>;
}

/** Typed answers of a respondent's completed responses (the default survey is anonymous: by locale and comment). */
const comments = (text: string) => count("Answer", `question = 'comment' AND value = ?`, JSON.stringify(text));

describe("a forwarded message", () => {
  it("is never taken as the person's answer: they are asked to type their own", async () => {
    const user = telegramUser(h, { id: 7_300_000_001, language: "ro" });
    await upToComment(user, "ro");
    const forwarded = user.textUpdate("Totul a fost minunat");
    await h.deliver({
      ...forwarded,
      message: { ...forwarded.message, forward_origin: { type: "hidden_user", sender_user_name: "X", date: 1 } },
    });
    expect(String(user.sentToMe().at(-1)?.params.text)).toContain(t("ro", "survey.reask.forwarded"));
    expect(comments("Totul a fost minunat")).toBe(0);
    expect(count("Session", `"respondentId" IN (SELECT id FROM "Respondent" WHERE "platformId" = '7300000001')`)).toBe(1);
    await user.text("Mulțumesc mult");
    expect(comments("Mulțumesc mult")).toBe(1);
  });
});

describe("a poster's code during an unfinished survey", () => {
  it("asks whether to continue or start about that service; starting credits the new response to it", async () => {
    const user = telegramUser(h, { id: 7_300_000_002, language: "ro" });
    await user.text("Bună ziua");
    await user.tap(1); // agree
    await user.tap(1); // first answer, no service
    await user.text("/start svc_DEMO");
    const ask = user.lastKeyboardMessage();
    expect(ask.text).toBe(t("ro", "survey.serviceChoice.question", { service: "Demo day centre" }));
    expect(ask.buttons.map((b) => b.callback_data)).toEqual(["svc:keep:DEMO", "svc:new:DEMO"]);
    await press(user, "svc:new:DEMO");
    expect(user.lastKeyboardMessage().buttons[0]?.callback_data).toBe("consent:yes");
    await user.tap(1);
    await user.tap(1);
    // One session, the new one, about DEMO: its response will be credited to DEMO when completed.
    expect(stateOf("7300000002")).toMatchObject({ service: "DEMO", answers: { visit_frequency: expect.any(String) } });
  });

  it("continuing credits the unfinished response to the service, where it had none", async () => {
    const user = telegramUser(h, { id: 7_300_000_003, language: "en" });
    await upToComment(user, "en");
    await user.text("/start svc_DEMO");
    await press(user, "svc:keep:DEMO");
    const last = user.sentToMe().at(-1);
    expect(String(last?.params.text)).toContain(t("en", "survey.progress", { current: 12, total: 12 }));
    await user.text("A comment after the poster");
    const row = h.db.sql
      .prepare(
        `SELECT s.code, r.status FROM "Response" r JOIN "Service" s ON s.id = r."serviceId"
         WHERE r.id = (SELECT "responseId" FROM "Answer" WHERE question = 'comment' AND value = ?)`,
      )
      .get(JSON.stringify("A comment after the poster"));
    expect(row).toEqual({ code: "DEMO", status: "completed" });
  });

  it("does not ask when the survey is already about that service", async () => {
    const user = telegramUser(h, { id: 7_300_000_004, language: "ro" });
    await user.text("/start svc_DEMO");
    await user.tap(1);
    await user.text("/start svc_DEMO");
    expect(String(user.sentToMe().at(-2)?.params.text)).toBe(t("ro", "survey.resumed"));
  });

  it("treats a stale choice as stale once the survey is gone", async () => {
    const user = telegramUser(h, { id: 7_300_000_005, language: "ro" });
    await user.text("Bună ziua");
    await user.text("/start svc_DEMO");
    await press(user, "svc:new:DEMO");
    const response = await h.post(user.pressUpdate("svc:keep:NOPE"));
    expect(await response.json()).toMatchObject({ text: t("ro", "survey.stale") });
  });
});

describe("an edited message", () => {
  it("replaces a typed answer while the survey is open, and changes nothing once it is over", async () => {
    const user = telegramUser(h, { id: 7_300_000_006, language: "en" });
    await user.text("/start svc_ALLT");
    await press(user, "consent:yes");
    await press(user, "q0:0");
    await press(user, "q1:t0");
    await press(user, "q1:done");
    await press(user, "q2:4");
    await press(user, "q3:skip");
    await press(user, "q4:n");
    const typed = user.textUpdate("Too far");
    await h.deliver(typed);
    const answer = () => (stateOf("7300000006").answers as Record<string, unknown>).why_not;
    expect(answer()).toBe("Too far");

    const edit = (text: string, updateId: number) =>
      h.deliver({ update_id: updateId, edited_message: { ...typed.message, text, edit_date: 1767300000 } });
    await edit("No bus", typed.update_id + 1_000_000);
    expect(answer()).toBe("No bus");
    expect(String(user.sentToMe().at(-1)?.params.text)).toBe(t("en", "survey.edit.saved"));

    // Too long for the question (20 characters at most): refused, the answer stays.
    await edit("This is far too long to fit", typed.update_id + 1_000_001);
    expect(answer()).toBe("No bus");
    expect(String(user.sentToMe().at(-1)?.params.text)).toContain(t("en", "survey.edit.kept"));

    await press(user, "q6:9");
    await press(user, "q7:skip");
    await press(user, "q8:skip");
    expect(String(user.sentToMe().at(-1)?.params.text)).toBe("Thanks en");
    const stored = () =>
      h.db.sql
        .prepare(`SELECT value FROM "Answer" WHERE question = 'why_not' AND value IN (?, ?, ?)`)
        .all(JSON.stringify("Too far"), JSON.stringify("No bus"), JSON.stringify("Changed my mind")) as { value: string }[];
    expect(stored()).toEqual([{ value: JSON.stringify("No bus") }]);
    const sent = user.sentToMe().length;
    await edit("Changed my mind", typed.update_id + 1_000_002);
    expect(stored()).toEqual([{ value: JSON.stringify("No bus") }]);
    expect(user.sentToMe()).toHaveLength(sent);
  });
});

describe("membership", () => {
  it("stops the person who blocks the bot, and makes them active again when they let it back in", async () => {
    const blocked = telegramFixture("my-chat-member-blocked");
    const from = blocked.my_chat_member?.from;
    if (!from) throw new Error("fixture without from");
    const user = telegramUser(h, { id: from.id, language: "ro" });
    await user.text("/start");
    const status = () =>
      (h.db.sql.prepare(`SELECT status FROM "Respondent" WHERE "platformId" = ?`).get(String(from.id)) as { status: string })
        .status;
    await h.deliver(blocked);
    expect(status()).toBe("stopped");
    const back = telegramFixture("my-chat-member-member");
    const member = back.my_chat_member;
    if (!member) throw new Error("fixture without my_chat_member");
    const calls = h.fake.calls.length;
    await h.deliver({ ...back, my_chat_member: { ...member, from, chat: { ...member.chat, id: from.id } } });
    expect(status()).toBe("active");
    expect(h.fake.calls.length).toBe(calls);
  });
});

describe("refused webhooks", () => {
  it.each<{ label: string; body: string; headers: Record<string, string>; status: number }>([
    { label: "a wrong secret", body: "{}", headers: { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-value" }, status: 401 },
    { label: "malformed JSON", body: '{"update_id": 1, "message": {"text": "secret words"', headers: {}, status: 400 },
    { label: "a shape that is no update", body: '{"update_id": "private words"}', headers: {}, status: 400 },
    { label: "a body over 1 MB", body: JSON.stringify({ update_id: 1, pad: "z".repeat(1_100_000) }), headers: {}, status: 413 },
  ])("logs $label once at warn: route, status and reason, nothing of the request", async ({ body, headers, status }) => {
    const before = h.log.lines.length;
    const response = await h.post(body, headers);
    expect(response.status).toBe(status);
    const lines = h.log.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const warned = lines.filter((l) => l.level === "warn");
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ route: "/telegram/webhook", status, reason: expect.any(String) });
    const logged = h.log.lines.slice(before).join("\n");
    for (const secret of ["wrong-secret-value", "secret words", "private words", "zzzz"]) expect(logged).not.toContain(secret);
  });
});
