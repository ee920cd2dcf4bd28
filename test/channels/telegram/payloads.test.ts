import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../support/db.ts";
import { type FixtureName, telegramFixture } from "../../support/fake-telegram.ts";
import { type Harness, telegramHarness, telegramUser } from "../../support/telegram.ts";

/**
 * Every kind of update Telegram sends, as the Bot API documents it (names and ids faked), through
 * the real webhook: the status, what is stored, and what is sent.
 */

let h: Harness;
beforeAll(async () => {
  h = await telegramHarness();
});
afterAll(() => h.close());

const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

/** The person an update comes from, and the chat it is in. */
function partiesOf(update: Update): { from: { id: number; language_code?: string } | null; chatId: number | null } {
  const message = update.message ?? update.edited_message ?? update.channel_post;
  if (message) return { from: message.from ?? null, chatId: message.chat.id };
  if (update.callback_query) {
    return { from: update.callback_query.from, chatId: update.callback_query.message?.chat.id ?? null };
  }
  if (update.my_chat_member) return { from: update.my_chat_member.from, chatId: update.my_chat_member.chat.id };
  return { from: null, chatId: null };
}

type Case = {
  label: string;
  fixture: FixtureName;
  /** Typed by the same person first, each delivered on its own. */
  before?: string[];
  /** Whether the sender is a respondent afterwards (false: this update created no one). */
  stored: boolean;
  /** What the chat is sent in reply: an i18n key the text holds, the survey's greeting, or nothing. */
  sent: { key: string; params?: Record<string, string> } | "greeting" | null;
  /** Rows of ProcessedUpdate for this update (0: the update left no trace). */
  remembered: 0 | 1;
};

describe("POST /telegram/webhook, one case per kind of update", () => {
  it.each<Case>([
    { label: "text, from someone new", fixture: "text", stored: true, sent: "greeting", remembered: 1 },
    {
      label: "a video",
      fixture: "video",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a document with a caption",
      fixture: "document",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "audio",
      fixture: "audio",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "an animation (sent with its document)",
      fixture: "animation",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a video note",
      fixture: "video-note",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a contact",
      fixture: "contact",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a location",
      fixture: "location",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a photo with a caption",
      fixture: "photo-with-caption",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.unsupported" },
      remembered: 1,
    },
    {
      label: "a forwarded text (forward_origin)",
      fixture: "forwarded-text",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.forwarded" },
      remembered: 1,
    },
    {
      label: "a text forwarded from a hidden user",
      fixture: "forwarded-hidden-user",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.forwarded" },
      remembered: 1,
    },
    {
      label: "a forwarded text with the older forward_from and forward_date",
      fixture: "forwarded-legacy",
      before: ["/start"],
      stored: true,
      sent: { key: "survey.reask.forwarded" },
      remembered: 1,
    },
    {
      label: "an edit of a message that answered nothing",
      fixture: "edited-message",
      before: ["/start"],
      stored: true,
      sent: null,
      remembered: 1,
    },
    { label: "a channel post", fixture: "channel-post", stored: false, sent: null, remembered: 0 },
    { label: "a private message without from", fixture: "message-without-from", stored: false, sent: null, remembered: 0 },
    {
      label: "a group message addressed to the bot",
      fixture: "group-message",
      stored: false,
      sent: { key: "telegram.groupOnly", params: { bot: "GlasTestBot" } },
      remembered: 1,
    },
    {
      label: "a supergroup message mentioning the bot",
      fixture: "supergroup-message",
      stored: false,
      sent: { key: "telegram.groupOnly", params: { bot: "GlasTestBot" } },
      remembered: 1,
    },
    {
      label: "an anonymous admin's command in a supergroup (no from)",
      fixture: "group-anonymous-admin",
      stored: false,
      sent: { key: "telegram.groupOnly", params: { bot: "GlasTestBot" } },
      remembered: 1,
    },
    { label: "my_chat_member from a stranger", fixture: "my-chat-member-member", stored: false, sent: null, remembered: 0 },
    { label: "a callback from a stranger", fixture: "callback-from-stranger", stored: false, sent: null, remembered: 0 },
    { label: "a callback on an inline message", fixture: "callback-inline-message", stored: false, sent: null, remembered: 0 },
    { label: "a poll", fixture: "poll", stored: false, sent: null, remembered: 0 },
    { label: "a chat join request", fixture: "chat-join-request", stored: false, sent: null, remembered: 0 },
  ])("$label", async ({ fixture, before, stored, sent, remembered }) => {
    const update = telegramFixture(fixture);
    const { from, chatId } = partiesOf(update);
    const language = (from?.language_code ?? "ro") as "ro" | "ru" | "uk" | "en";
    if (from && before) {
      const user = telegramUser(h, { id: from.id, language });
      for (const text of before) await user.text(text);
    }
    const known = from ? count("Respondent", `"platformId" = ?`, String(from.id)) : 0;
    const calls = h.fake.calls.length;
    const response = await h.deliver(update);
    expect(response.status).toBe(200);
    if (from) expect(count("Respondent", `"platformId" = ?`, String(from.id))).toBe(stored ? 1 : known);
    expect(count("Respondent", `"platformId" = ''`)).toBe(0);
    expect(count("ProcessedUpdate", `"externalId" = ?`, String(update.update_id))).toBe(remembered);
    const replies = h.fake.calls.slice(calls).filter((c) => c.method === "sendMessage");
    if (sent === null) expect(replies).toEqual([]);
    else if (sent === "greeting") expect(replies.length).toBeGreaterThan(0);
    else {
      expect(replies).toHaveLength(1);
      expect(String(replies[0]?.chatId)).toBe(String(chatId));
      expect(String(replies[0]?.params.text)).toContain(t(language, sent.key, sent.params).split("{{")[0]);
    }
  });
});

describe("button presses", () => {
  it("answers a press from someone Glas never met with a notice, and stores nothing", async () => {
    const update = telegramFixture("callback-from-stranger");
    const response = await h.post(update);
    expect(await response.json()).toEqual({
      method: "answerCallbackQuery",
      callback_query_id: update.callback_query?.id,
      text: t("ro", "survey.stale"),
    });
    expect(count("Session", `"respondentId" IN (SELECT id FROM "Respondent" WHERE "platformId" = ?)`, "7020000017")).toBe(0);
  });

  it("takes a press whose update has no chat_instance", async () => {
    const update = telegramFixture("callback-without-chat-instance");
    const from = update.callback_query?.from;
    if (!from) throw new Error("fixture without from");
    const user = telegramUser(h, { id: from.id, language: "ro" });
    await user.text("/start");
    const response = await h.deliver(update);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: "answerCallbackQuery", callback_query_id: update.callback_query?.id });
    // Consent given: the first question came.
    expect(String(user.sentToMe().at(-1)?.params.text)).toMatch(/^Întrebarea 1 din \d+/);
  });
});
