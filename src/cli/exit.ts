export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Wrong arguments: exit code 2, as for an unknown option. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The command ran and failed in a way already explained on stderr: exit code 1. */
export class FailedError extends Error {
  override name = "FailedError";
}
