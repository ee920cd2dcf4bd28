/* The people who write to the bot. */
import type { Locale } from "../../engine/locale.ts";

export type RespondentStatus = "active" | "stopped" | "unreachable";

export type Respondent = {
  id: string;
  channel: string;
  platformId: string;
  locale: Locale | null;
  status: RespondentStatus;
  serviceId: string | null;
};

/**
 * The people who write to the bot: channel and platform id, language and status only.
 * @example const r = await respondents.upsert("telegram", "123456");
 */
export interface RespondentStore {
  upsert(channel: string, platformId: string): Promise<Respondent>;
  /** The person, if Glas has met them; never creates one. */
  find(channel: string, platformId: string): Promise<Respondent | null>;
  /** Dates are kept as the day only (consentAt included). */
  update(id: string, patch: Partial<Pick<Respondent, "locale" | "status" | "serviceId">> & { consentAt?: Date }): Promise<void>;
  /**
   * For membership events (blocked, unsubscribed, back): changes the status of someone Glas
   * knows and never creates anyone, so a person erased by /forget stays erased. False: unknown.
   */
  setStatus(channel: string, platformId: string, status: RespondentStatus): Promise<boolean>;
  /** Erases the person and everything linkable to them (consultation replies included); anonymous answers stay. */
  forget(id: string): Promise<void>;
}
