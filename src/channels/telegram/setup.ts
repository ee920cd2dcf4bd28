import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { LOCALES, type Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import { PERSON_COMMANDS } from "../commands.ts";

/** Updates Glas reads; Telegram sends nothing else (no polls, no edits, no channel posts). */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

export function commandList(t: Translate, locale: Locale): BotCommand[] {
  return PERSON_COMMANDS.map((command) => ({ command, description: t(locale, `telegram.commands.${command}`) }));
}

/** The command menu in each language, plus the default language for everyone else. */
export async function registerCommands(api: Api, t: Translate, defaultLocale: Locale): Promise<void> {
  await api.setMyCommands(commandList(t, defaultLocale));
  for (const locale of LOCALES) await api.setMyCommands(commandList(t, locale), { language_code: locale });
}

export function webhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/telegram/webhook`;
}

export async function setTelegramWebhook(api: Api, publicUrl: string, secret: string): Promise<string> {
  const url = webhookUrl(publicUrl);
  await api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 });
  return url;
}
