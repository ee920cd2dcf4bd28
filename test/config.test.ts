import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  it("gives every variable its documented default on an empty environment", () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/glas.db",
      TELEGRAM_API_ROOT: "https://api.telegram.org",
      VIBER_API_ROOT: "https://chatapi.viber.com/pa",
      TIMEZONE: "Europe/Chisinau",
      DEFAULT_LOCALE: "ro",
      TELEGRAM_MODE: "webhook",
      SUMMARY_WEEKLY_CRON: "0 8 * * 1",
      SUMMARY_MONTHLY_CRON: "0 8 1 * *",
      MIN_CELL: 5,
      TELEGRAM_RATE: 25,
      VIBER_RATE: 20,
    });
  });

  it.each(["Europe/Kyiv", "Europe/Kiev", "UTC", "Etc/GMT-2", "America/New_York"])("accepts the time zone %s", (zone) => {
    expect(loadConfig({ TIMEZONE: zone }).TIMEZONE).toBe(zone);
  });

  it.each([
    { label: "a port that is not a number", env: { PORT: "eighty" }, names: "PORT" },
    { label: "an unknown locale", env: { DEFAULT_LOCALE: "de" }, names: "DEFAULT_LOCALE" },
    { label: "an unknown time zone", env: { TIMEZONE: "Europe/Atlantis" }, names: "TIMEZONE" },
    { label: "a database that is not SQLite", env: { DATABASE_URL: "postgres://x" }, names: "DATABASE_URL" },
    { label: "a malformed cron", env: { SUMMARY_WEEKLY_CRON: "mondays" }, names: "SUMMARY_WEEKLY_CRON" },
    { label: "a Bot API root that is not a URL", env: { TELEGRAM_API_ROOT: "api.telegram" }, names: "TELEGRAM_API_ROOT" },
    { label: "a Viber token without a bot name", env: { VIBER_AUTH_TOKEN: "abc" }, names: "VIBER_BOT_NAME" },
    { label: "a zero minimum cell", env: { MIN_CELL: "0" }, names: "MIN_CELL" },
  ])("stops on $label, naming the variable", ({ env, names }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${names} `));
  });

  it("never repeats a secret's value in the error", () => {
    const token = "not-a-token-but-secret-looking-value";
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: token });
    } catch (err) {
      expect(String(err)).not.toContain(token);
    }
  });
});
