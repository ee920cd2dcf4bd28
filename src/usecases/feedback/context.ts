import { type Intent, i18n } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Logger } from "../../log.ts";
import type { Respondent, Store } from "../../store/ports.ts";
import type { Renderers } from "../staff/job.ts";

export type FeedbackOptions = {
  /** FEEDBACK_RESPONSE_DAYS: the answer is due by the end of the day this many days on. */
  responseDays: number;
  /** TIMEZONE: due dates, reminders' days and quiet hours. */
  timezone: string;
  defaultLocale: Locale;
  /** How each messenger shows a message to someone else (staff, the person a reply goes to). */
  renderers: Renderers;
};

/** One inbound event's view of the person, for the feedback use cases. */
export type FeedbackContext = {
  store: Store;
  log: Logger;
  options: FeedbackOptions;
  respondent: Respondent;
  locale: Locale;
  at: Date;
  /** The inbound event's id: names the messages it queues, so a redelivery queues them once. */
  eventId: string;
};

export const say = (key: string, params?: Record<string, string | number>): Intent => ({
  type: "say",
  parts: [i18n(key, params)],
});
