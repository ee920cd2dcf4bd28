import { type Button, type Intent, i18n, literal } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Logger } from "../../log.ts";
import { lastFullPeriod } from "../../reports/periods.ts";
import type { Respondent, Service, Store } from "../../store/ports.ts";
import { recordAudit } from "../privacy/audit.ts";
import type { Summaries, SummaryRequest } from "./index.ts";

/** Button ids of `/summary`: `sm:lw`, `sm:s:<service id>`, `sm:lw:<service id>`… (≤ 64 bytes for Telegram). */
export const SUMMARY_PRESS_PREFIX = "sm:";
/**
 * Closed periods only: figures of a week still running, looked at twice a few hours apart,
 * would tell what the people who answered in between said.
 */
const PERIODS = ["lw", "lm"] as const;
type PeriodChoice = (typeof PERIODS)[number];
// "tw" (this week so far) was offered once: an old button of it is stale.
const PRESS = /^sm:(lw|lm|sv|s)(?::([0-9a-f-]{36}))?$/;
/** Telegram shows at most 100 buttons; a district has about ten services. */
export const SERVICES_SHOWN = 40;

export type SummaryChatContext = {
  store: Store;
  log: Logger;
  respondent: Respondent;
  locale: Locale;
  at: Date;
  /** Null where summaries are not wired (`glas simulate`). */
  summaries: Summaries | null;
};

export const isSummaryPress = (data: string): boolean => data.startsWith(SUMMARY_PRESS_PREFIX);

const say = (key: string, params?: Record<string, string | number>): Intent => ({ type: "say", parts: [i18n(key, params)] });
const button = (id: string, key: string): Button => ({ id, label: i18n(key) });

/** Directorate staff only; anyone else is told whom it is for. */
async function directorate(ctx: SummaryChatContext): Promise<{ staffId: string } | Intent[]> {
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  if (!member || member.revokedAt) return [say("staff.only")];
  if (member.role !== "directorate") return [say("summary.chat.directorateOnly")];
  return { staffId: member.id };
}

function periodButtons(serviceId: string | null): Button[][] {
  const suffix = serviceId ? `:${serviceId}` : "";
  return PERIODS.map((p) => [button(`${SUMMARY_PRESS_PREFIX}${p}${suffix}`, `summary.chat.period.${p}`)]);
}

/** `/summary`: which summary, as buttons. */
export async function summaryCommand(ctx: SummaryChatContext): Promise<Intent[]> {
  const allowed = await directorate(ctx);
  if (Array.isArray(allowed)) return allowed;
  return [
    {
      type: "ask",
      ref: "summary",
      parts: [i18n("summary.chat.menu")],
      buttons: [...periodButtons(null), [button(`${SUMMARY_PRESS_PREFIX}sv`, "summary.chat.byService")]],
      input: "buttons",
    },
  ];
}

/** A tap on one of `/summary`'s buttons: a list of services, a service's periods, or the summary itself. */
export async function summaryPress(ctx: SummaryChatContext, data: string, eventId: string): Promise<Intent[]> {
  const allowed = await directorate(ctx);
  if (Array.isArray(allowed)) return allowed;
  const match = PRESS.exec(data);
  if (!match) return [{ type: "stale" }];
  const [, choice, serviceId] = match;
  if (choice === "sv") {
    const services = (await ctx.store.services.list()).slice(0, SERVICES_SHOWN);
    if (services.length === 0) return [say("summary.chat.noServices")];
    return [
      {
        type: "ask",
        ref: "summary",
        parts: [i18n("summary.chat.pickService")],
        buttons: services.map((s) => [{ id: `${SUMMARY_PRESS_PREFIX}s:${s.id}`, label: literal(s.name) }]),
        input: "buttons",
      },
    ];
  }
  const service = serviceId ? await ctx.store.services.byId(serviceId) : null;
  if (serviceId && !service) return [{ type: "stale" }];
  if (choice === "s") {
    if (!service) return [{ type: "stale" }];
    return [
      {
        type: "ask",
        ref: "summary",
        parts: [i18n("summary.chat.servicePeriod", { name: service.name })],
        buttons: periodButtons(service.id),
        input: "buttons",
      },
    ];
  }
  if (!ctx.summaries) return [say("summary.chat.unavailable")];
  const request = requestFor(choice as PeriodChoice, service, ctx.at, ctx.summaries.timeZone);
  const recipient = {
    staffId: allowed.staffId,
    respondentId: ctx.respondent.id,
    channel: ctx.respondent.channel,
    platformId: ctx.respondent.platformId,
    locale: ctx.locale,
  };
  await recordAudit(
    ctx.store,
    { actor: "staff", staffId: allowed.staffId, role: "directorate" },
    "summary.asked",
    { service: service?.code ?? null, locality: service?.locality ?? null, period: request.period.key },
    ctx.at,
  );
  const queued = await ctx.summaries.sendTo(recipient, request, eventId);
  if (queued === 0) return [say("summary.chat.unavailable")];
  ctx.log.info({ event: "summary-asked", period: request.period.key, service: Boolean(service) }, "summary queued");
  // The summary's own messages are the answer.
  return [];
}

/** The last full week or month: what `/summary` offers. */
export function requestFor(choice: PeriodChoice, service: Service | null, at: Date, timeZone: string): SummaryRequest {
  switch (choice) {
    case "lw":
      return { period: lastFullPeriod("week", at, timeZone), service };
    case "lm":
      return { period: lastFullPeriod("month", at, timeZone), service };
    default: {
      const never: never = choice;
      throw new Error(`unknown period ${String(never)}`);
    }
  }
}
