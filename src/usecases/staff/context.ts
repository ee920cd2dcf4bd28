import { type Intent, i18n } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Logger } from "../../log.ts";
import type { Respondent, StaffMember, Store } from "../../store/ports.ts";

export type StaffOptions = {
  /** Quiet hours and dates are in this zone (config TIMEZONE). */
  timezone: string;
  /** Counts below this show as "<N" in results (config MIN_CELL). */
  minCell: number;
};

export const DEFAULT_STAFF_OPTIONS: StaffOptions = { timezone: "Europe/Chisinau", minCell: 5 };

/** One inbound event's view of the person, for the staff and consultation use cases. */
export type StaffContext = {
  store: Store;
  log: Logger;
  options: StaffOptions;
  respondent: Respondent;
  /** The language to answer in. */
  locale: Locale;
  /** When the event happened (the channel's clock). */
  at: Date;
};

export const say = (key: string, params?: Record<string, string | number>): Intent => ({
  type: "say",
  parts: [i18n(key, params)],
});

/** Staff who have not been revoked. */
export async function activeStaff(ctx: StaffContext): Promise<StaffMember | null> {
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  return member && !member.revokedAt ? member : null;
}
