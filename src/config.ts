import { z } from "zod";
import { LOCALES } from "./engine/locale.ts";
import { DEFAULT_COMMENT_DAYS, DEFAULT_INACTIVE_DAYS } from "./usecases/privacy/policy.ts";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const cron = z
  .string()
  .trim()
  .regex(/^\S+(\s+\S+){4,5}$/, "must be a cron expression of 5 or 6 fields, like 0 8 * * 1");

/** "true"/"false" (also 1/0, yes/no, on/off, any case); unset or empty is the default. */
const flag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    });

/**
 * The list of canonical zones answers most names at once; an alias (UTC, Europe/Kyiv on some
 * ICU versions) is tried on a formatter, which costs the start some 20 ms of ICU set-up.
 */
function isTimeZone(tz: string): boolean {
  if (Intl.supportedValuesOf("timeZone").includes(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000), // 0 picks a free port
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^file:.+/, "must be a file: URL for SQLite, like file:./data/glas.db")
      .default("file:./data/glas.db"),
    TELEGRAM_BOT_TOKEN: optional.pipe(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "does not look like a bot token from @BotFather")
        .optional(),
    ),
    TELEGRAM_WEBHOOK_SECRET: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, "may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
        .optional(),
    ),
    TELEGRAM_API_ROOT: url.default("https://api.telegram.org"),
    TELEGRAM_MODE: z.enum(["webhook", "polling"]).default("webhook"),
    VIBER_AUTH_TOKEN: optional,
    VIBER_BOT_NAME: optional,
    VIBER_API_ROOT: url.default("https://chatapi.viber.com/pa"),
    PUBLIC_URL: optional.pipe(url.optional()),
    ADMIN_TOKEN: optional.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    TIMEZONE: z.string().default("Europe/Chisinau").refine(isTimeZone, "is not a known IANA time zone, like Europe/Chisinau"),
    DEFAULT_LOCALE: z.enum(LOCALES).default("ro"),
    SUMMARY_WEEKLY_CRON: cron.default("0 8 * * 1"),
    SUMMARY_MONTHLY_CRON: cron.default("0 8 1 * *"),
    MIN_CELL: z.coerce.number().int().min(1).max(100).default(5),
    TELEGRAM_RATE: z.coerce.number().positive().max(1000).default(25),
    VIBER_RATE: z.coerce.number().positive().max(1000).default(20),
    /** Bulk messages through broadcast_message, 300 people a call: only once Viber has approved it for the bot. */
    VIBER_BROADCAST: flag(false),
    /** Days within which feedback is to be answered (the due date the person is told). */
    FEEDBACK_RESPONSE_DAYS: z.coerce.number().int().min(1, "must be at least 1 (days)").max(90).default(7),
    /** Typed survey comments and consultation replies are erased after this many days. */
    RETENTION_COMMENT_DAYS: z.coerce.number().int().min(1, "must be at least 1 (days)").max(36_500).default(DEFAULT_COMMENT_DAYS),
    /** People who have not written for this many days are erased, as by /forget. */
    RETENTION_INACTIVE_DAYS: z.coerce
      .number()
      .int()
      .min(1, "must be at least 1 (days)")
      .max(36_500)
      .default(DEFAULT_INACTIVE_DAYS),
    /** Serve the published results at GET /public and /public/results.csv. */
    PUBLIC_RESULTS: flag(false),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === "webhook" && c.PUBLIC_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "is required when Telegram uses webhooks" });
    }
    if (Boolean(c.VIBER_AUTH_TOKEN) !== Boolean(c.VIBER_BOT_NAME)) {
      ctx.addIssue({
        code: "custom",
        path: [c.VIBER_AUTH_TOKEN ? "VIBER_BOT_NAME" : "VIBER_AUTH_TOKEN"],
        message: "must be set together with the other Viber variable",
      });
    }
  });

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads the environment once at start. A bad value stops the program with one line that
 * names the variable (never its value: it may be a token).
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`);
  throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
}
