import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SendError } from "../../../src/channels/send-error.ts";
import { createTelegramApi, createTelegramSender } from "../../../src/channels/telegram/client.ts";
import {
  blocked,
  deactivated,
  type FakeTelegram,
  messageToEditNotFound,
  notModified,
  serverError,
  startFakeTelegram,
  tooManyRequests,
} from "../../support/fake-telegram.ts";

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const sender = () => createTelegramSender(createTelegramApi({ token: fake.token, apiRoot: fake.url }));
const hello = { method: "sendMessage", params: { text: "Bună ziua" } };

describe("the Telegram sender", () => {
  it("sends through TELEGRAM_API_ROOT and returns the message id", async () => {
    const result = await sender().send("7010000001", hello);
    expect(result.externalId).toMatch(/^\d+$/);
    expect(fake.callsTo("sendMessage")[0]?.params).toMatchObject({ chat_id: "7010000001", text: "Bună ziua" });
  });

  it.each([
    { label: "429 with retry_after", answer: tooManyRequests(7), kind: "throttled", retryAfter: 7, code: 429 },
    { label: "403 bot was blocked", answer: blocked(), kind: "stopped", retryAfter: null, code: 403 },
    { label: "403 user is deactivated", answer: deactivated(), kind: "stopped", retryAfter: null, code: 403 },
    { label: "502 from Telegram", answer: serverError(), kind: "retry", retryAfter: null, code: 502 },
    { label: "400 message to edit not found", answer: messageToEditNotFound(), kind: "failed", retryAfter: null, code: 400 },
  ])("maps $label to $kind", async ({ answer, kind, retryAfter, code }) => {
    fake.script("sendMessage", [answer]);
    const error = await sender()
      .send("7010000001", hello)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind, retryAfterSeconds: retryAfter, code });
    expect(String((error as Error).message)).not.toContain(fake.token);
  });

  it("treats 'message is not modified' as done", async () => {
    fake.script("editMessageText", [notModified()]);
    await expect(
      sender().send("7010000001", { method: "editMessageText", params: { message_id: 1, text: "x" } }),
    ).resolves.toEqual({
      externalId: null,
    });
  });

  it("maps no answer at all to retry", async () => {
    const closed = createTelegramSender(createTelegramApi({ token: fake.token, apiRoot: "http://127.0.0.1:1" }));
    await expect(closed.send("1", hello)).rejects.toMatchObject({ name: "SendError", kind: "retry" });
  });

  it("refuses a method it does not know, without calling Telegram", async () => {
    await expect(sender().send("1", { method: "deleteChat", params: {} })).rejects.toMatchObject({ kind: "failed" });
    expect(fake.calls).toHaveLength(0);
  });
});
