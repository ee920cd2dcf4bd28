import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { errorFields, type Logger } from "../../log.ts";
import type { HandledUpdate } from "./handler.ts";
import { ALLOWED_UPDATES } from "./setup.ts";

/**
 * Long polling, to try a real bot without a public URL: the same handler as the webhook;
 * button presses are answered with a call, since there is no webhook reply to carry it.
 */
export async function startPolling(
  channel: { getMe(): Promise<UserFromGetMe>; handle(update: Update): Promise<HandledUpdate> },
  options: { token: string; apiRoot: string; log: Logger },
) {
  const bot = new Bot(options.token, { botInfo: await channel.getMe(), client: { apiRoot: options.apiRoot } });
  bot.use(async (ctx) => {
    const handled = await channel.handle(ctx.update);
    if (handled.callback) {
      await ctx.api.answerCallbackQuery(handled.callback.id, handled.callback.answer).catch((err: unknown) => {
        options.log.warn({ channel: "telegram", update: ctx.update.update_id, ...errorFields(err) }, "callback answer failed");
      });
    }
  });
  bot.catch((err) =>
    options.log.error({ channel: "telegram", update: err.ctx.update.update_id, ...errorFields(err.error) }, "update failed"),
  );
  void bot.start({ allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false }).catch((err: unknown) => {
    options.log.error({ channel: "telegram", ...errorFields(err) }, "polling stopped");
  });
  return { stop: () => bot.stop() };
}
