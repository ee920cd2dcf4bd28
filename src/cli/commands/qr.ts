import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { createTelegramApi } from "../../channels/telegram/client.ts";
import { createViberApi } from "../../channels/viber/client.ts";
import { accountInfo } from "../../channels/viber/setup.ts";
import { type Config, loadConfig } from "../../config.ts";
import { isLocale, LOCALES, type Locale } from "../../engine/locale.ts";
import {
  POSTER_DEFAULT_LOCALES,
  type PosterCode,
  renderPosterSvg,
  serviceDeepLink,
  viberServiceLink,
} from "../../usecases/poster.ts";
import { openContext } from "../context.ts";
import { FailedError, UsageError } from "../exit.ts";

const FORMATS = ["png", "svg"] as const;
type Format = (typeof FORMATS)[number];

type QrOptions = { service: string; format?: string; lang?: string; out: string };

export function registerQr(program: Command): void {
  program
    .command("qr")
    .requiredOption("--service <code>", "the service's code, as in `glas service list`")
    .option("--format <format>", "png or svg (default: from the --out extension, else png)")
    .option("--lang <list>", `languages to print, comma-separated, of ${LOCALES.join(", ")}`, POSTER_DEFAULT_LOCALES.join(","))
    .requiredOption("--out <file>", "where to write the poster")
    .action(async (opts: QrOptions) => {
      const format = parseFormat(opts.format, opts.out);
      const locales = parseLocales(opts.lang ?? POSTER_DEFAULT_LOCALES.join(","));

      const config = loadConfig(process.env);
      if (!config.TELEGRAM_BOT_TOKEN && !config.VIBER_AUTH_TOKEN) {
        process.stderr.write(
          "TELEGRAM_BOT_TOKEN is not set: set it to the bot's token from @BotFather (or set VIBER_AUTH_TOKEN and VIBER_BOT_NAME for Viber), so that the poster links to the bot.\n",
        );
        throw new FailedError("no bot token");
      }

      const ctx = await openContext({ defaults: true });
      let service: Awaited<ReturnType<typeof ctx.store.services.byCode>>;
      try {
        service = await ctx.store.services.byCode(opts.service);
      } finally {
        await ctx.close();
      }
      if (!service) {
        process.stderr.write(
          `No service with code "${opts.service}": see "glas service list", or add it with "glas service add".\n`,
        );
        throw new FailedError("unknown service");
      }

      const codes: PosterCode[] = [];
      if (config.TELEGRAM_BOT_TOKEN) {
        const username = await botUsername(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
        codes.push({ messenger: "telegram", link: serviceDeepLink(username, service.code) });
      }
      if (config.VIBER_AUTH_TOKEN)
        codes.push({ messenger: "viber", link: viberServiceLink(await viberUri(config), service.code) });
      const link = codes[0]?.link ?? "";
      const svg = renderPosterSvg({ serviceName: service.name, locality: service.locality, link, codes, locales, t: ctx.t });

      const out = path.resolve(opts.out);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, format === "png" ? (await import("../poster-png.node.ts")).posterPng(svg) : svg);
      const lines = codes.map((c, i) => (i === 0 && c.messenger === "telegram" ? `Link: ${c.link}` : `Viber: ${c.link}`));
      process.stdout.write(`Wrote ${out}\n${lines.join("\n")}\n`);
    });
}

function parseFormat(value: string | undefined, out: string): Format {
  if (value === undefined) return path.extname(out).toLowerCase() === ".svg" ? "svg" : "png";
  const format = value.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be png or svg, not "${value}"`);
  return format as Format;
}

function parseLocales(value: string): Locale[] {
  const parts = value
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new UsageError(`--lang needs at least one of ${LOCALES.join(", ")}`);
  const unknown = parts.filter((p) => !isLocale(p));
  if (unknown.length > 0) throw new UsageError(`--lang: unknown language "${unknown.join('", "')}"; use ${LOCALES.join(", ")}`);
  return [...new Set(parts as Locale[])];
}

/** The bot's @username, from Telegram's getMe: the link must name the bot the token belongs to. */
async function botUsername(token: string, apiRoot: string): Promise<string> {
  try {
    const me = await createTelegramApi({ token, apiRoot }).getMe();
    return me.username;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Could not ask Telegram for the bot's name (getMe at ${apiRoot}): ${reason}\n`);
    throw new FailedError("getMe failed", { cause: err });
  }
}

/** The Viber account's URI, from get_account_info: the link must name the account the token belongs to. */
async function viberUri(config: Config): Promise<string> {
  try {
    const account = await accountInfo(createViberApi({ token: config.VIBER_AUTH_TOKEN ?? "", apiRoot: config.VIBER_API_ROOT }));
    if (account.uri === "") throw new Error("the account has no URI");
    return account.uri;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Could not ask Viber for the account's URI (get_account_info at ${config.VIBER_API_ROOT}): ${reason}\n`);
    throw new FailedError("get_account_info failed", { cause: err });
  }
}
