import type { Config } from "../config.ts";
import type { SurveyDefinition } from "../engine/definition.ts";
import type { EngineEvent } from "../engine/events.ts";
import { type Intent, i18n } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { AnswerValue, SessionState } from "../engine/state.ts";
import { step } from "../engine/step.ts";
import type { Logger } from "../log.ts";
import { localDay, startOfDay } from "../reports/periods.ts";
import type { AnswerRow, CompletedResponse, Respondent, Store, StoredSession, StoredSurvey } from "../store/ports.ts";
import { dashboardCommand } from "./dashboard.ts";
import { myData } from "./privacy/mydata.ts";
import { choiceAnswered, interruptedBy, keepSession, parseServiceChoice, serviceChoiceAsk } from "./service-choice.ts";
import type { StaffContext } from "./staff/context.ts";
import {
  DEFAULT_STAFF_OPTIONS,
  isStaffCommand,
  type StaffCommand,
  type StaffOptions,
  staffCommand,
  staffEvent,
} from "./staff/index.ts";
import { isSummaryPress, type SummaryChatContext, summaryCommand, summaryPress } from "./summaries/chat.ts";
import type { Summaries } from "./summaries/index.ts";

export type RespondDeps = {
  store: Store;
  log: Logger;
  defaultLocale: Locale;
  /** The survey run when nothing names another (no service, or a service without its own). */
  defaultSurvey: string;
  /** Quiet hours and result suppression for consultations (config TIMEZONE and MIN_CELL). */
  staff?: StaffOptions;
  /** The directorate's summaries, for `/summary` (absent in `glas simulate`). */
  summaries?: Summaries;
  /** PUBLIC_URL, for `/dashboard`'s sign-in link. */
  publicUrl?: string | null;
};

/** What every runtime gives `respond`, from the configuration. */
export function respondDepsFor(
  config: Pick<Config, "DEFAULT_LOCALE" | "TIMEZONE" | "MIN_CELL" | "PUBLIC_URL">,
  store: Store,
  log: Logger,
  defaultSurvey: string,
): RespondDeps {
  return {
    store,
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    defaultSurvey,
    staff: { timezone: config.TIMEZONE, minCell: config.MIN_CELL },
    publicUrl: config.PUBLIC_URL ?? null,
  };
}

export type Command = "help" | "stop" | "forget" | "mydata" | "summary" | "dashboard" | StaffCommand;

/** An inbound event from any channel, already parsed: the channel makes no survey decisions. */
export type Inbound = {
  channel: string;
  platformId: string;
  /** The messenger's language for this person, used until they choose one. */
  suggestedLocale?: Locale | null;
} & (
  | {
      type: "event";
      event: EngineEvent;
      /** From a deep link or poster: the service whose survey to run and credit. */
      serviceCode?: string | null;
      /** Run this survey rather than the service's or the default one. */
      surveySlug?: string | null;
      /**
       * Offer the language menu at a start even though the messenger's language is known
       * (`suggestedLocale` is then only the language Glas speaks in until the person chooses).
       */
      askLanguage?: boolean;
    }
  /** `payload`: what follows the command (`/join CODE`); `at`: when it was sent. */
  | { type: "command"; command: Command; payload?: string | null; at?: string }
);

export type RespondResult = {
  /** The language to render in (after the event: a language choice applies at once). */
  locale: Locale;
  intents: Intent[];
  respondentId: string | null;
};

export const FORGET_YES = "forget:yes";
export const FORGET_NO = "forget:no";

/**
 * Handles one inbound event for one person: respondent, session, engine step, answers.
 * No transactions (D1 has none): the session is saved only if unchanged since read, and
 * answers are written idempotently after it, so a double tap or a redelivery records once.
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

  const before: Intent[] = [];
  if (event.type === "start" && respondent.status !== "active") {
    await store.respondents.update(respondent.id, { status: "active" });
    before.push(say("command.start.resubscribed"));
  }
  const code = event.type === "start" ? (inbound.serviceCode ?? null) : null;
  const service = code ? await store.services.byCode(code) : null;
  if (service && (await interruptedBy(store.sessions, respondent, service, event.at))) {
    return result([...before, serviceChoiceAsk(service)]);
  }
  const target = await pickSession(deps, respondent, event, inbound.serviceCode ?? null, inbound.surveySlug ?? null);
  if (!target) return result([say("survey.noSurvey")]);
  const { survey, session, serviceCode } = target;
  const suggestedLocale = respondent.locale ?? (inbound.askLanguage ? null : (inbound.suggestedLocale ?? null));
  // Someone who writes (or sends a photo) before any /start is greeted as if they had started.
  const greet =
    !session &&
    (event.type === "text" || event.type === "unsupported" || event.type === "language" || event.type === "forwarded");
  const engineEvent: EngineEvent =
    event.type === "start" || greet
      ? { id: event.id, at: event.at, type: "start", suggestedLocale, service: serviceCode }
      : event;

  const version = { version: survey.version, definition: survey.definition };
  let current = session;
  let stepped = step(version, current?.state ?? null, engineEvent);
  if (current?.state.phase === "completed") {
    // Saved completed, but a crash kept its response from being written: write it now.
    await complete(deps, respondent, survey, current, current.state.updatedAt);
    if (!stepped.duplicate) {
      current = null;
      stepped = step(version, null, engineEvent);
    }
  }
  if (stepped.duplicate) {
    deps.log.debug({ channel: inbound.channel, event: event.type, session: current?.id }, "event already handled");
    return result([]);
  }
  const saved = await save(deps, respondent, survey, current, stepped.state);
  if (!saved) {
    deps.log.info({ channel: inbound.channel, event: event.type }, "lost a race to a concurrent event; nothing recorded");
    return result([]);
  }
  await persistAnswers(deps, respondent, survey, saved, current?.state ?? null, stepped.state, event.at);
  deps.log.debug(
    {
      channel: inbound.channel,
      event: event.type,
      session: saved.id,
      phase: stepped.state.phase,
      intents: stepped.intents.length,
    },
    "event handled",
  );
  return result([...before, ...stepped.intents], stepped.state.locale ?? locale);
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

type Target = { survey: StoredSurvey; session: StoredSession | null; serviceCode: string | null };

/** A start names its survey (through the service); anything else continues the latest session. */
async function pickSession(
  deps: RespondDeps,
  respondent: Respondent,
  event: EngineEvent,
  serviceCode: string | null,
  surveySlug: string | null,
): Promise<Target | null> {
  const { store } = deps;
  if (event.type !== "start") {
    const session = await store.sessions.latestFor(respondent.id);
    if (session) {
      const survey = await store.surveys.version(session.state.survey.slug, session.state.survey.version);
      if (survey) return { survey, session, serviceCode: session.state.service };
    }
    const survey = await store.surveys.latest(deps.defaultSurvey);
    return survey ? { survey, session: null, serviceCode: null } : null;
  }
  const service = serviceCode ? await store.services.byCode(serviceCode) : null;
  if (service && service.id !== respondent.serviceId) {
    await store.respondents.update(respondent.id, { serviceId: service.id });
  }
  const slug = surveySlug ?? service?.surveySlug ?? deps.defaultSurvey;
  const session = await store.sessions.find(respondent.id, slug);
  const pinned = session && (await store.surveys.version(slug, session.state.survey.version));
  if (session && pinned) return { survey: pinned, session, serviceCode: session.state.service ?? service?.code ?? null };
  const survey = await store.surveys.latest(slug);
  return survey ? { survey, session: null, serviceCode: service?.code ?? null } : null;
}

async function save(
  deps: RespondDeps,
  respondent: Respondent,
  survey: StoredSurvey,
  session: StoredSession | null,
  state: SessionState,
): Promise<StoredSession | null> {
  if (!session) {
    return deps.store.sessions.create({
      respondentId: respondent.id,
      surveySlug: survey.definition.slug,
      responseId: crypto.randomUUID(),
      state,
    });
  }
  const ok = await deps.store.sessions.save(session.id, state, session.version);
  return ok ? { ...session, state, version: session.version + 1 } : null;
}

/**
 * The answers of a survey stay in the session until it is completed; then the response is
 * written once, with its day only, and the session (the last link to the person) is deleted.
 */
async function persistAnswers(
  deps: RespondDeps,
  respondent: Respondent,
  survey: StoredSurvey,
  session: StoredSession,
  before: SessionState | null,
  after: SessionState,
  at: string,
): Promise<void> {
  const { store } = deps;
  if (after.locale && after.locale !== respondent.locale) await store.respondents.update(respondent.id, { locale: after.locale });
  if (before?.phase === "consent" && after.phase === "question")
    await store.respondents.update(respondent.id, { consentAt: new Date(at) });
  if (after.phase === "declined") return store.sessions.delete(session.id);
  if (after.phase === "completed") await complete(deps, respondent, survey, session, at);
}

/** Writes the completed response (idempotent), marks participation and deletes the session. */
async function complete(
  deps: RespondDeps,
  respondent: Respondent,
  survey: StoredSurvey,
  session: StoredSession,
  at: string,
): Promise<void> {
  const { store } = deps;
  const { state } = session;
  if (Object.keys(state.answers).length > 0)
    await store.responses.write(await completedResponse(deps, respondent, survey, session, at));
  await store.responses.markParticipation(respondent.id, survey.surveyId, new Date(at));
  await store.sessions.delete(session.id);
}

async function completedResponse(
  deps: RespondDeps,
  respondent: Respondent,
  survey: StoredSurvey,
  session: StoredSession,
  at: string,
): Promise<CompletedResponse> {
  const { state } = session;
  const service = state.service ? await deps.store.services.byCode(state.service) : null;
  const timeZone = (deps.staff ?? DEFAULT_STAFF_OPTIONS).timezone;
  return {
    id: session.responseId,
    surveyVersionId: survey.versionId,
    respondentId: survey.definition.anonymous ? null : respondent.id,
    serviceId: service?.id ?? null,
    localityId: service?.localityId ?? null,
    locale: state.locale ?? deps.defaultLocale,
    day: startOfDay(localDay(new Date(at), timeZone), timeZone),
    answers: Object.entries(state.answers).map(([name, value]) => answerRow(survey.definition, name, value)),
  };
}

function answerRow(definition: SurveyDefinition, name: string, value: AnswerValue): AnswerRow {
  const question = definition.questions.find((q) => q.name === name);
  let number: number | null = null;
  if (typeof value === "number") number = value;
  else if (question?.type === "yes_no" && value !== null) number = value === "yes" ? 1 : 0;
  return { question: name, value, number, indicator: question?.indicator ?? null };
}

const say = (key: string): Intent => ({ type: "say", parts: [i18n(key)] });
