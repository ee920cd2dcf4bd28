/**
 * The logging port. Fields are ids, kinds, statuses and durations: never message text,
 * answers, names, phone numbers, tokens or URLs holding a token.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(fields: LogFields, msg: string): void;
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
}

/** What may be logged of an error: its kind and code, not its message (it may echo input). */
export function errorFields(err: unknown): LogFields {
  if (!(err instanceof Error)) return { err: typeof err };
  const code = (err as { code?: unknown; error_code?: unknown }).code ?? (err as { error_code?: unknown }).error_code;
  return { err: err.name, ...(typeof code === "string" || typeof code === "number" ? { code } : {}) };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
