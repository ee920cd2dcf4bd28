import type { Command } from "commander";
import { createTelegramApi } from "../../channels/telegram/client.ts";
import { registerCommands, setTelegramWebhook } from "../../channels/telegram/setup.ts";
import { createViberApi } from "../../channels/viber/client.ts";
import { accountInfo, setViberWebhook, webhookUrl as viberWebhookUrl } from "../../channels/viber/setup.ts";
import type { Config } from "../../config.ts";
import { serveNode } from "../../platform.node.ts";
import { closeOnSignal, openContext } from "../context.ts";
import { FailedError } from "../exit.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  throw new FailedError(message);
}

export function registerTelegram(program: Command): void {
  program
    .command("webhooks")
    .command("set")
    .description(
      "point each configured messenger at PUBLIC_URL: Telegram at /telegram/webhook (with the secret, and its command menu), Viber at /viber/webhook",
    )
    .action(async () => {
      const ctx = await openContext();
      try {
        const { config } = ctx;
        if (!config.TELEGRAM_BOT_TOKEN && !config.VIBER_AUTH_TOKEN) {
          fail("Set TELEGRAM_BOT_TOKEN, or VIBER_AUTH_TOKEN and VIBER_BOT_NAME, to register webhooks.");
        }
        if (!config.PUBLIC_URL) fail("Set PUBLIC_URL (the server's public https address) to register webhooks.");
        if (config.TELEGRAM_BOT_TOKEN) {
          if (!config.TELEGRAM_WEBHOOK_SECRET) fail("Set TELEGRAM_WEBHOOK_SECRET: Telegram sends it with every update.");
          const api = createTelegramApi({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT });
          const url = await setTelegramWebhook(api, config.PUBLIC_URL, config.TELEGRAM_WEBHOOK_SECRET);
          await registerCommands(api, ctx.t, config.DEFAULT_LOCALE);
          const me = await api.getMe();
          process.stdout.write(`Telegram: webhook set to ${url}; commands registered for @${me.username}.\n`);
        }
        if (config.VIBER_AUTH_TOKEN) await setViber(config, config.PUBLIC_URL);
      } finally {
        await ctx.close();
      }
    });

  program
    .command("telegram")
    .command("poll")
    .description("run the server with Telegram long polling instead of a webhook (no public URL needed)")
    .action(async () => {
      const ctx = await openContext({
        defaults: true,
        logLevel: process.env.LOG_LEVEL ?? "info",
        config: { TELEGRAM_MODE: "polling" },
      });
      const token = ctx.config.TELEGRAM_BOT_TOKEN;
      if (!token) {
        await ctx.close();
        fail("Set TELEGRAM_BOT_TOKEN to poll Telegram.");
      }
      const api = createTelegramApi({ token, apiRoot: ctx.config.TELEGRAM_API_ROOT });
      await registerCommands(api, ctx.t, ctx.config.DEFAULT_LOCALE);
      const server = await serveNode(await ctx.glas());
      const me = await api.getMe();
      process.stdout.write(
        `Polling Telegram as @${me.username}. Open https://t.me/${me.username} and send /start. Ctrl+C stops.\n`,
      );
      closeOnSignal(server, ctx);
    });
}

/** Viber checks the URL while registering it (a signed `webhook` event): the server must be up there. */
async function setViber(config: Config, publicUrl: string): Promise<void> {
  const api = createViberApi({ token: config.VIBER_AUTH_TOKEN ?? "", apiRoot: config.VIBER_API_ROOT });
  try {
    const { url } = await setViberWebhook(api, publicUrl);
    const account = await accountInfo(api);
    process.stdout.write(`Viber: webhook set to ${url} for "${account.name}" (viber://pa?chatURI=${account.uri}).\n`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    fail(
      `Viber did not accept ${viberWebhookUrl(publicUrl)} (${reason}). Viber calls that address while registering it: start the server there first (npm start), then run this again.`,
    );
  }
}
