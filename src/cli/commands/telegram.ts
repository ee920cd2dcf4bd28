import type { Command } from "commander";
import { createTelegramApi } from "../../channels/telegram/client.ts";
import { registerCommands, setTelegramWebhook } from "../../channels/telegram/setup.ts";
import { startServer } from "../../node.ts";
import { closeOnSignal, openContext } from "../context.ts";
import { FailedError } from "../exit.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  throw new FailedError(message);
}

export function registerTelegram(program: Command): void {
  program
    .command("webhooks")
    .description("register the webhooks with the messengers")
    .command("set")
    .description("point Telegram at PUBLIC_URL/telegram/webhook (with the secret) and set its command menu")
    .action(async () => {
      const ctx = await openContext();
      try {
        const { config } = ctx;
        if (!config.TELEGRAM_BOT_TOKEN) fail("Set TELEGRAM_BOT_TOKEN to register the Telegram webhook.");
        if (!config.PUBLIC_URL) fail("Set PUBLIC_URL (the server's public https address) to register webhooks.");
        if (!config.TELEGRAM_WEBHOOK_SECRET) fail("Set TELEGRAM_WEBHOOK_SECRET: Telegram sends it with every update.");
        const api = createTelegramApi({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT });
        const url = await setTelegramWebhook(api, config.PUBLIC_URL, config.TELEGRAM_WEBHOOK_SECRET);
        await registerCommands(api, ctx.t, config.DEFAULT_LOCALE);
        const me = await api.getMe();
        process.stdout.write(`Telegram: webhook set to ${url}; commands registered for @${me.username}.\n`);
      } finally {
        await ctx.close();
      }
    });

  program
    .command("telegram")
    .description("Telegram tools")
    .command("poll")
    .description("run the server with Telegram long polling instead of a webhook (no public URL needed)")
    .action(async () => {
      const ctx = await openContext({ defaults: true, logLevel: process.env.LOG_LEVEL ?? "info" });
      const token = ctx.config.TELEGRAM_BOT_TOKEN;
      if (!token) {
        await ctx.close();
        fail("Set TELEGRAM_BOT_TOKEN to poll Telegram.");
      }
      ctx.config = { ...ctx.config, TELEGRAM_MODE: "polling" };
      const api = createTelegramApi({ token, apiRoot: ctx.config.TELEGRAM_API_ROOT });
      await registerCommands(api, ctx.t, ctx.config.DEFAULT_LOCALE);
      const server = await startServer(ctx);
      const me = await api.getMe();
      process.stdout.write(
        `Polling Telegram as @${me.username}. Open https://t.me/${me.username} and send /start. Ctrl+C stops.\n`,
      );
      closeOnSignal(server, ctx);
    });
}
