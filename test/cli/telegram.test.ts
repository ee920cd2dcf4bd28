import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glas, ROOT } from "../support/cli.ts";
import { type FakeTelegram, startFakeTelegram, telegramFixture } from "../support/fake-telegram.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-tg-cli-"));
let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: `file:${path.join(dir, "glas.db")}`,
  TELEGRAM_BOT_TOKEN: fake.token,
  TELEGRAM_API_ROOT: fake.url,
  ...extra,
});

describe("glas webhooks set", () => {
  it("points Telegram at PUBLIC_URL with the secret, and sets the command menu in every language", async () => {
    fake.reset();
    const result = await glas(["webhooks", "set"], {
      env: env({ PUBLIC_URL: "https://glas.example.md/", TELEGRAM_WEBHOOK_SECRET: "s3cret-value_123" }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("https://glas.example.md/telegram/webhook");
    const [hook] = fake.callsTo("setWebhook");
    expect(hook?.params).toMatchObject({
      url: "https://glas.example.md/telegram/webhook",
      secret_token: "s3cret-value_123",
      allowed_updates: ["message", "callback_query", "my_chat_member"],
    });
    const menus = fake.callsTo("setMyCommands");
    expect(menus.map((c) => c.params.language_code ?? "default")).toEqual(["default", "ro", "ru", "uk", "en"]);
    const uk = menus.find((c) => c.params.language_code === "uk")?.params.commands as { command: string; description: string }[];
    expect(uk.map((c) => c.command)).toEqual(["start", "language", "help", "mydata", "stop", "forget", "feedback"]);
    expect(uk.find((c) => c.command === "feedback")?.description).toBe("Написати нам: запитання, скарга або подяка");
    expect(uk.find((c) => c.command === "forget")?.description).toBe("Видалити Ваші дані");
    expect(uk.find((c) => c.command === "mydata")?.description).toBe("Що ми про Вас зберігаємо");
  });

  it.each<{ label: string; extra: Record<string, string>; message: string }>([
    { label: "without PUBLIC_URL", extra: { TELEGRAM_WEBHOOK_SECRET: "abc" }, message: "Set PUBLIC_URL" },
    { label: "without a secret", extra: { PUBLIC_URL: "https://x.example" }, message: "TELEGRAM_WEBHOOK_SECRET" },
  ])("fails $label, saying what to set", async ({ extra, message }) => {
    const result = await glas(["webhooks", "set"], { env: env(extra) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });
});

describe("glas telegram poll", () => {
  it("answers updates fetched with long polling, and answers button presses with a call", async () => {
    fake.reset();
    const child = spawn(process.execPath, [path.join(ROOT, "bin/glas.mjs"), "telegram", "poll"], {
      cwd: ROOT,
      env: { ...process.env, ...env({ PORT: "0", LOG_LEVEL: "warn" }) },
    });
    try {
      const start = telegramFixture("start");
      fake.queueUpdate(start);
      await fake.waitFor("sendMessage", 1, 20_000);
      const sent = fake.callsTo("sendMessage")[0];
      if (!sent) throw new Error("nothing sent");
      expect(String(sent.chatId)).toBe(String(start.message?.chat.id));
      const keyboard = sent.params.reply_markup as { inline_keyboard: { callback_data: string }[][] };
      const messageId = (sent.response as { result: { message_id: number } }).result.message_id;
      fake.queueUpdate({
        update_id: 100_000_900,
        callback_query: {
          id: "cb-1",
          from: start.message?.from,
          chat_instance: "1",
          data: keyboard.inline_keyboard[0]?.[0]?.callback_data,
          message: { message_id: messageId, date: 1767261605, chat: start.message?.chat, text: sent.params.text },
        },
      });
      await fake.waitFor("answerCallbackQuery", 1, 20_000);
      await fake.waitFor("sendMessage", 2, 20_000);
      expect(fake.callsTo("deleteWebhook")).toHaveLength(1);
      expect(fake.callsTo("answerCallbackQuery")[0]?.params.callback_query_id).toBe("cb-1");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
