/**
 * Why a message could not be sent, as a closed set every channel maps its failures into
 * once (in its client.ts), so the outbox decides the same way for every messenger.
 * - throttled: the platform asked us to slow down (Telegram 429 retry_after, Viber status 12)
 * - retry: no answer, or a server error; try again later with backoff
 * - stopped: the person blocked the bot or is gone (Telegram 403, Viber 5 or 6)
 * - failed: the platform refused this message for good (a bad request)
 */
export type SendErrorKind = "throttled" | "retry" | "stopped" | "failed";

export class SendError extends Error {
  override name = "SendError";
  readonly kind: SendErrorKind;
  /** Seconds the platform asked us to wait (throttled). */
  readonly retryAfterSeconds: number | null;
  /** The platform's own code (HTTP status or Viber status), safe to log. */
  readonly code: number | null;

  constructor(
    kind: SendErrorKind,
    message: string,
    options: { retryAfterSeconds?: number | null; code?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.code = options.code ?? null;
  }
}
