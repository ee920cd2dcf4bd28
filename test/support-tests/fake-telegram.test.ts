import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Api, Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from "grammy";
import type { Message } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  blocked,
  deactivated,
  type FakeTelegram,
  FIXTURE_DIR,
  messageToEditNotFound,
  notModified,
  serverError,
  startFakeTelegram,
  telegramFixture,
  tooManyRequests,
} from "../support/fake-telegram.ts";

/** Resolves with the error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

describe("fake Telegram Bot API", () => {
  let fake: FakeTelegram;
  let api: Api;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    api = new Api(fake.token, { apiRoot: fake.url });
  });

  afterEach(async () => {
    await fake.close();
  });

  it("answers getMe with the test bot", async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ id: 123456, is_bot: true, username: "GlasTestBot", can_join_groups: true });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.callsTo("getMe")).toHaveLength(1);
  });

  it("records sendMessage, editMessageText and answerCallbackQuery with their params", async () => {
    const keyboard = new InlineKeyboard().text("Da", "q0:1").text("Nu", "q0:2");
    const sent = await api.sendMessage(7010000001, "Sunteți mulțumit?", { reply_markup: keyboard });
    expect(sent).toMatchObject({
      chat: { id: 7010000001, type: "private" },
      from: { is_bot: true, username: "GlasTestBot" },
      text: "Sunteți mulțumit?",
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Da", callback_data: "q0:1" },
            { text: "Nu", callback_data: "q0:2" },
          ],
        ],
      },
    });
    expect(sent.date).toBeGreaterThan(1_700_000_000);
    const second = await api.sendMessage(7010000001, "Încă una");
    expect(second.message_id).toBe(sent.message_id + 1);

    const edited = await api.editMessageText(7010000001, sent.message_id, "Mulțumim!");
    expect(edited).toMatchObject({ message_id: sent.message_id, text: "Mulțumim!" });
    expect((edited as Message).edit_date).toBeTypeOf("number");
    expect((edited as Message).reply_markup).toBeUndefined();
    expect(await api.answerCallbackQuery("4382117234567890123", { text: "Salvat" })).toBe(true);

    expect(fake.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "editMessageText", "answerCallbackQuery"]);
    const [first] = fake.callsTo("sendMessage");
    expect(first?.chatId).toBe(7010000001);
    expect(first?.params).toEqual({
      chat_id: 7010000001,
      text: "Sunteți mulțumit?",
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Da", callback_data: "q0:1" },
            { text: "Nu", callback_data: "q0:2" },
          ],
        ],
      },
    });
    expect(first?.at).toBeTypeOf("number");
    expect(fake.callsTo("editMessageText")[0]?.params).toMatchObject({ message_id: sent.message_id, text: "Mulțumim!" });
    expect(fake.callsTo("answerCallbackQuery")[0]?.params).toEqual({ callback_query_id: "4382117234567890123", text: "Salvat" });
  });

  it("answers 'message is not modified' when an edit changes nothing", async () => {
    const sent = await api.sendMessage(42, "Întrebarea 1");
    const error = await rejection(api.editMessageText(42, sent.message_id, "Întrebarea 1"));
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe(notModified().description);
    expect(
      await api.editMessageReplyMarkup(42, sent.message_id, { reply_markup: new InlineKeyboard().text("OK", "ok") }),
    ).toMatchObject({
      reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] },
    });
  });

  it("turns a scripted 429 into a GrammyError with retry_after, then answers normally", async () => {
    fake.script("sendMessage", [tooManyRequests(3)]);
    const error = await rejection(api.sendMessage(42, "Salut"));
    expect(error).toBeInstanceOf(GrammyError);
    const grammyError = error as GrammyError;
    expect(grammyError.error_code).toBe(429);
    expect(grammyError.description).toBe("Too Many Requests: retry after 3");
    expect(grammyError.parameters.retry_after).toBe(3);
    expect(fake.callsTo("sendMessage")[0]?.response).toMatchObject({ status: 429 });
    await expect(api.sendMessage(42, "Salut")).resolves.toMatchObject({ text: "Salut" });
  });

  it("sends Telegram's exact error JSON", async () => {
    fake.script("sendMessage", [tooManyRequests(3)]);
    const res = await fetch(`${fake.url}/bot${fake.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 1, text: "x" }),
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toBe(
      '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}',
    );
    const missing = await fetch(`${fake.url}/bot${fake.token}/noSuchMethod`, { method: "POST" });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('{"ok":false,"error_code":404,"description":"Not Found"}');
  });

  it("answers blocked() with 403 and the exact description", async () => {
    fake.script("sendMessage", [blocked()]);
    const error = await rejection(api.sendMessage(42, "Salut"));
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(403);
    expect((error as GrammyError).description).toBe("Forbidden: bot was blocked by the user");
  });

  it("applies per-chat rules to every call for that chat", async () => {
    fake.blockChat(13);
    fake.blockChat(14, deactivated());
    await expect(api.sendMessage(12, "ok")).resolves.toMatchObject({ chat: { id: 12 } });
    const a = await rejection(api.sendMessage(13, "x"));
    const b = await rejection(api.sendPhoto(14, "AgACAgIAAxkBAAIB"));
    expect((a as GrammyError).description).toBe("Forbidden: bot was blocked by the user");
    expect((b as GrammyError).description).toBe("Forbidden: user is deactivated");
    fake.unblockChat(13);
    await expect(api.sendMessage(13, "ok")).resolves.toBeDefined();
  });

  it("answers other scripted errors", async () => {
    fake.script("editMessageText", [messageToEditNotFound()]);
    fake.script("getMe", [serverError()]);
    const edit = await rejection(api.editMessageText(1, 99, "x"));
    expect((edit as GrammyError).description).toBe("Bad Request: message to edit not found");
    const server = await rejection(api.getMe());
    expect((server as GrammyError).error_code).toBe(502);
    fake.script("getMe", [serverError({ html: true }), { drop: true }]);
    expect(await rejection(api.getMe())).toBeInstanceOf(HttpError);
    expect(await rejection(api.getMe())).toBeInstanceOf(HttpError);
    await expect(api.getMe()).resolves.toMatchObject({ username: "GlasTestBot" });
  });

  it("rejects a wrong token with 401", async () => {
    const wrong = new Api("123456:WRONG-token", { apiRoot: fake.url });
    const error = await rejection(wrong.getMe());
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(401);
    expect((error as GrammyError).description).toBe("Unauthorized");
  });

  it("throws an HttpError once the server is closed", async () => {
    await api.getMe();
    await fake.close();
    expect(await rejection(api.getMe())).toBeInstanceOf(HttpError);
  });

  it("records multipart uploads with field names and file sizes", async () => {
    const photo = new InputFile(Buffer.alloc(2048, 7), "chart.png");
    const message = await api.sendPhoto(42, photo, { caption: "Rezumat", reply_markup: new InlineKeyboard().text("A", "a") });
    expect(message.photo?.length).toBeGreaterThan(1);
    expect(message.caption).toBe("Rezumat");
    const doc = await api.sendDocument(42, new InputFile(new TextEncoder().encode("a,b\n1,2\n"), "summary.csv"));
    expect(doc.document).toMatchObject({ file_name: "summary.csv", mime_type: "text/csv", file_size: 8 });

    const [call] = fake.callsTo("sendPhoto");
    expect(call?.chatId).toBe(42);
    expect(call?.params).toMatchObject({ chat_id: 42, caption: "Rezumat", reply_markup: { inline_keyboard: [[{ text: "A" }]] } });
    expect(call?.params.photo).toMatch(/^attach:\/\//);
    expect(call?.files).toEqual([expect.objectContaining({ param: "photo", filename: "chart.png", size: 2048 })]);
  });

  it("validates like Telegram does", async () => {
    const empty = await rejection(api.sendMessage(1, " "));
    expect((empty as GrammyError).description).toBe("Bad Request: message text is empty");
    const long = await rejection(api.sendMessage(1, "x".repeat(4097)));
    expect((long as GrammyError).description).toBe("Bad Request: message is too long");
    const data = await rejection(api.sendMessage(1, "x", { reply_markup: new InlineKeyboard().text("A", "d".repeat(65)) }));
    expect((data as GrammyError).description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const command = await rejection(api.setMyCommands([{ command: "Start", description: "x" }]));
    expect((command as GrammyError).description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });

  it("keeps bot settings", async () => {
    await api.setMyCommands([{ command: "start", description: "Începe" }], { language_code: "ro" });
    expect(await api.getMyCommands({ language_code: "ro" })).toEqual([{ command: "start", description: "Începe" }]);
    expect(await api.getMyCommands()).toEqual([]);
    expect(await api.deleteMyCommands({ language_code: "ro" })).toBe(true);
    expect(await api.setChatMenuButton({ menu_button: { type: "commands" } })).toBe(true);
    expect(await api.setWebhook("https://glas.example.org/telegram", { secret_token: "s3cret" })).toBe(true);
    expect(await api.getWebhookInfo()).toMatchObject({ url: "https://glas.example.org/telegram", pending_update_count: 0 });
    expect(fake.webhook).toEqual({ url: "https://glas.example.org/telegram", secretToken: "s3cret" });
    const conflict = await rejection(api.getUpdates());
    expect((conflict as GrammyError).error_code).toBe(409);
    expect(await api.deleteWebhook()).toBe(true);
    expect(await api.getWebhookInfo()).toEqual({ url: "", has_custom_certificate: false, pending_update_count: 0 });
  });

  it("serves queued updates to getUpdates with offset and a short timeout", async () => {
    const start = fake.queueUpdate(telegramFixture("start"));
    const text = fake.queueUpdate(telegramFixture("text"));
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([start.update_id, text.update_id]);
    expect((await api.getUpdates({ offset: text.update_id })).map((u) => u.update_id)).toEqual([text.update_id]);
    const before = Date.now();
    expect(await api.getUpdates({ offset: text.update_id + 1, timeout: 0.2 })).toEqual([]);
    expect(Date.now() - before).toBeGreaterThanOrEqual(150);
    const polling = api.getUpdates({ offset: text.update_id + 1, timeout: 30 });
    setTimeout(() => fake.queueUpdate({ callback_query: telegramFixture("callback-query").callback_query }), 50);
    const [late] = await polling;
    expect(late?.update_id).toBe(text.update_id + 1);
    expect(late?.callback_query?.data).toBe("q0:1");
  });

  it("drives a real grammY Bot through long polling", async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.url } });
    bot.command("start", (ctx) => ctx.reply(`Bună, ${ctx.from?.first_name}!`));
    fake.queueUpdate(telegramFixture("start"));
    const running = bot.start({ drop_pending_updates: false });
    const [reply] = await fake.waitFor("sendMessage");
    await bot.stop();
    await running;
    expect(reply?.params).toMatchObject({ chat_id: 7010000001, text: "Bună, Ion!" });
    expect(fake.calls.map((c) => c.method).slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
  });

  it("delays answers with slow() and enforces a global rate limit", async () => {
    fake.slow(120, "sendMessage");
    const before = Date.now();
    await api.sendMessage(1, "slow");
    expect(Date.now() - before).toBeGreaterThanOrEqual(100);
    fake.slow(0, "sendMessage");

    fake.rateLimit({ perSecond: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((id) => api.sendMessage(id, "broadcast")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const limited = results.flatMap((r) => (r.status === "rejected" ? [r.reason as GrammyError] : []));
    expect(limited).toHaveLength(2);
    for (const error of limited) {
      expect(error.error_code).toBe(429);
      expect(error.parameters.retry_after).toBe(1);
    }
    fake.reset();
    expect(fake.calls).toHaveLength(0);
    await expect(api.sendMessage(6, "after reset")).resolves.toMatchObject({ message_id: 1 });
  });
});

describe("Telegram update fixtures", () => {
  const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith(".json"));

  it("has the expected fixtures with distinct update ids", () => {
    expect(files.length).toBeGreaterThanOrEqual(17);
    const ids = files.map(
      (f) => (JSON.parse(readFileSync(path.join(FIXTURE_DIR, f), "utf8")) as { update_id: number }).update_id,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(files)("%s is one update with a numeric update_id", (file) => {
    const update = JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), "utf8")) as Record<string, unknown>;
    expect(update.update_id).toBeTypeOf("number");
    const fields = Object.keys(update).filter((k) => k !== "update_id");
    expect(fields).toHaveLength(1);
    const body = update[fields[0] as string] as Record<string, unknown>;
    const chat = body.chat as { id: number; type: string } | undefined;
    const from = body.from as { id: number } | undefined;
    if (chat?.type === "private" && from) expect(chat.id).toBe(from.id);
  });
});
