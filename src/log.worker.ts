import type { LogFields, Logger } from "./log.ts";

/** pino's numeric levels, so Node and Workers lines parse the same way. */
const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type Level = keyof typeof LEVELS;

/** Keys the logger owns: a field of the same name cannot overwrite them. */
const RESERVED = new Set(["level", "time", "app", "msg"]);

function isLevel(value: string): value is Level {
  return Object.hasOwn(LEVELS, value);
}

/**
 * The Workers logger: one JSON line per entry on the console, with pino's field names
 * (level, time, msg) and its base field (app). Errors and warnings go to console.error and
 * console.warn, so Workers Logs shows their severity; the line itself is the same.
 */
export function createWorkerLogger(level = "info"): Logger {
  const min = isLevel(level) ? LEVELS[level] : LEVELS.info;
  const write = (name: Level, fields: LogFields, msg: string): void => {
    const value = LEVELS[name];
    if (value < min) return;
    const entry: Record<string, unknown> = { level: value, time: Date.now(), app: "glas" };
    for (const [key, field] of Object.entries(fields)) if (!RESERVED.has(key)) entry[key] = field;
    entry.msg = msg;
    const line = JSON.stringify(entry);
    if (name === "error") console.error(line);
    else if (name === "warn") console.warn(line);
    // biome-ignore lint/suspicious/noConsole: the console is where Workers logs go.
    else console.log(line);
  };
  return {
    debug: (fields, msg) => write("debug", fields, msg),
    info: (fields, msg) => write("info", fields, msg),
    warn: (fields, msg) => write("warn", fields, msg),
    error: (fields, msg) => write("error", fields, msg),
  };
}
