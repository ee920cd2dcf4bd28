import { literal } from "../../engine/intents.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/ports.ts";
import { broadcastStart } from "../staff/quiet-hours.ts";
import type { FeedbackOptions } from "./context.ts";
import { notifyHandlers } from "./notify.ts";
import { localDay } from "./reference.ts";

export type ReminderDeps = { store: Store; log: Logger; options: FeedbackOptions };

/**
 * Reminds whoever handles each item still unanswered after its due date, once a local day
 * (run hourly: the first run of the day outside quiet hours sends, later ones find it done).
 * Returns how many items were reminded.
 */
export async function remindOverdue(deps: ReminderDeps, now: Date): Promise<number> {
  const { store, options } = deps;
  if (broadcastStart(now, options.timezone) > now) return 0;
  const day = localDay(now, options.timezone);
  const items = await store.feedback.overdue(now, day);
  if (items.length === 0) return 0;
  const [services, handlers] = await Promise.all([store.services.list(), store.feedback.handlers()]);
  let reminded = 0;
  for (const item of items) {
    if (!(await store.feedback.markReminded(item.id, day))) continue;
    const first = (await store.feedback.messages(item.id)).find((m) => m.author === "person" && m.text !== null);
    await notifyHandlers(store, options, item, handlers, services, {
      key: `fb:remind:${item.ref}:${day}`,
      heading: "feedback.staff.overdue",
      texts: first?.text ? [literal(first.text)] : [],
      buttons: true,
    });
    reminded++;
  }
  if (reminded > 0) deps.log.info({ job: "feedback-reminders", reminded }, "overdue feedback reminded");
  return reminded;
}

/** At start: with no focal point, messages of the sensitive kind go to the directorate. */
export async function warnWithoutFocalPoint(store: Store, log: Logger): Promise<boolean> {
  const handlers = await store.feedback.handlers();
  if (handlers.some((h) => h.role === "focal_point")) return false;
  log.warn(
    { check: "focal-point" },
    'no focal point: messages about abuse, violence or exploitation go to the directorate; invite one with "glas invite --role focal_point"',
  );
  return true;
}
