import { type Intent, i18n } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { Respondent } from "../store/ports.ts";
import { dashboardCommand } from "./dashboard.ts";
import type { Command, Inbound, RespondDeps, RespondResult } from "./inbound.ts";
import { myData } from "./privacy/mydata.ts";
import { choiceAnswered, keepSession, parseServiceChoice } from "./service-choice.ts";
import type { StaffContext } from "./staff/context.ts";
import { DEFAULT_STAFF_OPTIONS, isStaffCommand, type StaffCommand, staffCommand, staffEvent } from "./staff/index.ts";
import { isSummaryPress, type SummaryChatContext, summaryCommand, summaryPress } from "./summaries/chat.ts";
import { answerSurvey } from "./survey-session.ts";

export { type Command, type Inbound, type RespondDeps, type RespondResult, respondDepsFor } from "./inbound.ts";

export const FORGET_YES = "forget:yes";
export const FORGET_NO = "forget:no";

/**
 * Routes one inbound event for one person: their commands, the buttons of /forget, of a
 * poster's question, of /summary, the staff's conversations; everything else is the survey's
 * (survey-session.ts).
 * @example const { intents, locale } = await respond(deps, { channel: "terminal", platformId, type: "command", command: "help" });
 */
export async function respond(deps: RespondDeps, inbound: Inbound): Promise<RespondResult> {
  const { store } = deps;
  // A tap or an edit speaks of a message Glas sent or was sent before: from someone Glas has
  // never met (a stale keyboard, a forged update) it creates nothing.
  const knownOnly = inbound.type === "event" && (inbound.event.type === "press" || inbound.event.type === "edit");
  const respondent = knownOnly
    ? await store.respondents.find(inbound.channel, inbound.platformId)
    : await store.respondents.upsert(inbound.channel, inbound.platformId);
  if (!respondent) {
    const stale: Intent[] = inbound.type === "event" && inbound.event.type === "press" ? [{ type: "stale" }] : [];
    return { locale: inbound.suggestedLocale ?? deps.defaultLocale, intents: stale, respondentId: null };
  }
  const locale = respondent.locale ?? inbound.suggestedLocale ?? deps.defaultLocale;
  const result = (intents: Intent[], l: Locale = locale, id: string | null = respondent.id): RespondResult => ({
    locale: l,
    intents,
    respondentId: id,
  });

  if (inbound.type === "command") {
    const name = inbound.command;
    if (name === "summary") return result(await summaryCommand(summaryContext(deps, respondent, locale, inbound.at)));
    if (name === "mydata") {
      const timeZone = (deps.staff ?? DEFAULT_STAFF_OPTIONS).timezone;
      return result(await myData({ store: deps.store, respondent, locale, timeZone }));
    }
    if (name === "dashboard") {
      const at = inbound.at ? new Date(inbound.at) : new Date();
      return result(await dashboardCommand({ store, log: deps.log, respondent, at, publicUrl: deps.publicUrl ?? null }));
    }
    if (isStaffCommand(name)) {
      return result(await staffCommand(staffContext(deps, respondent, locale, inbound.at), name, inbound.payload ?? null));
    }
    return result(await command(deps, respondent, name));
  }
  const event = inbound.event;
  if (event.type === "press" && (event.data === FORGET_YES || event.data === FORGET_NO)) {
    if (event.data === FORGET_NO) return result([say("command.forget.kept")]);
    await store.respondents.forget(respondent.id);
    deps.log.info({ channel: inbound.channel, event: "forget" }, "respondent erased");
    return result([say("command.forget.done")], locale, null);
  }
  const choice = event.type === "press" ? parseServiceChoice(event.data) : null;
  if (choice) {
    const service = await store.services.byCode(choice.code);
    if (!service) return result([{ type: "stale" }]);
    if (choice.keep) {
      const resumed = await keepSession(store, respondent, service, event.at);
      return result(resumed ? [choiceAnswered(choice, service), ...resumed] : [{ type: "stale" }]);
    }
    const interrupted = await store.sessions.latestFor(respondent.id);
    if (interrupted && interrupted.state.service !== service.code) await store.sessions.delete(interrupted.id);
    const started = await respond(deps, {
      ...inbound,
      event: { id: event.id, at: event.at, type: "start" },
      serviceCode: service.code,
    });
    return { ...started, intents: [choiceAnswered(choice, service), ...started.intents] };
  }
  if (event.type === "press" && isSummaryPress(event.data)) {
    return result(await summaryPress(summaryContext(deps, respondent, locale, event.at), event.data, event.id));
  }
  // A consultation's buttons, its typed reply and a draft being written are not survey answers.
  const consultation = await staffEvent(staffContext(deps, respondent, locale, event.at), event);
  if (consultation) return result(consultation);

  return { ...(await answerSurvey(deps, respondent, inbound, locale)), respondentId: respondent.id };
}

function staffContext(deps: RespondDeps, respondent: Respondent, locale: Locale, at: string | undefined): StaffContext {
  return {
    store: deps.store,
    log: deps.log,
    options: deps.staff ?? DEFAULT_STAFF_OPTIONS,
    respondent,
    locale,
    at: at ? new Date(at) : new Date(),
  };
}

function summaryContext(deps: RespondDeps, respondent: Respondent, locale: Locale, at: string | undefined): SummaryChatContext {
  return {
    store: deps.store,
    log: deps.log,
    respondent,
    locale,
    at: at ? new Date(at) : new Date(),
    summaries: deps.summaries ?? null,
  };
}

async function command(
  deps: RespondDeps,
  respondent: Respondent,
  name: Exclude<Command, StaffCommand | "summary" | "mydata" | "dashboard">,
): Promise<Intent[]> {
  switch (name) {
    case "help":
      return [say("command.help")];
    case "stop":
      await deps.store.respondents.update(respondent.id, { status: "stopped" });
      return [say("command.stop.done")];
    case "forget":
      return [
        {
          type: "ask",
          ref: "forget",
          parts: [i18n("command.forget.confirm")],
          buttons: [
            [
              { id: FORGET_YES, label: i18n("command.forget.yes") },
              { id: FORGET_NO, label: i18n("command.forget.no") },
            ],
          ],
          input: "buttons",
        },
      ];
    default: {
      const never: never = name;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

const say = (key: string): Intent => ({ type: "say", parts: [i18n(key)] });
