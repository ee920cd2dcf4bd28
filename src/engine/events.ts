import type { Locale } from "./locale.ts";

/**
 * What a person did, as the engine sees it. Every event carries an id unique per channel
 * (a redelivered update has the same id and changes nothing) and the time it happened.
 * @example { id: "tg:1042", at: "2026-11-24T08:00:00.000Z", type: "press", data: "q3:4" }
 */
export type EngineEvent = { id: string; at: string } & (
  | { type: "start"; suggestedLocale?: Locale | null | undefined; service?: string | null | undefined }
  | { type: "press"; data: string }
  | { type: "text"; text: string }
  /** A photo, sticker, voice message... where text or a button was expected. */
  | { type: "unsupported" }
  /** The person asked to change language (`/language`). */
  | { type: "language" }
);

export type EngineEventType = EngineEvent["type"];
