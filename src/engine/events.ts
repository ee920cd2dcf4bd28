import type { Locale } from "./locale.ts";

/**
 * What a person did, as the engine sees it. Every event carries an id unique per channel
 * (a redelivered update has the same id and changes nothing) and the time it happened.
 * @example { id: "tg:1042", at: "2026-11-24T08:00:00.000Z", type: "press", data: "q3:4" }
 */
export type EngineEvent = { id: string; at: string } & (
  | { type: "start"; suggestedLocale?: Locale | null | undefined; service?: string | null | undefined }
  | { type: "press"; data: string }
  /** `ref`: the platform's id of the message, so a later edit of it can replace the answer. */
  | { type: "text"; text: string; ref?: string | undefined }
  /** The person edited a message they sent before (`ref`): while the survey is open it replaces that answer. */
  | { type: "edit"; ref: string; text: string }
  /** A message forwarded from someone else: never the person's own answer. */
  | { type: "forwarded" }
  /** A photo, sticker, voice message... where text or a button was expected. */
  | { type: "unsupported" }
  /** The person asked to change language (`/language`). */
  | { type: "language" }
);

export type EngineEventType = EngineEvent["type"];
