import type { SurveyDefinition } from "../engine/definition.ts";
import type { EngineEvent } from "../engine/events.ts";
import { type Intent, i18n } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { AnswerValue, SessionState } from "../engine/state.ts";
import { step } from "../engine/step.ts";
import { localDay, startOfDay } from "../reports/periods.ts";
import type { AnswerRow, CompletedResponse, Respondent, StoredSession, StoredSurvey } from "../store/ports.ts";
import type { Inbound, RespondDeps } from "./inbound.ts";
import { interruptedBy, serviceChoiceAsk } from "./service-choice.ts";
import { DEFAULT_STAFF_OPTIONS } from "./staff/index.ts";

/** An event for the survey: a start, a tap on a question, typed text, an edit... */
type SurveyInbound = Extract<Inbound, { type: "event" }>;

/**
 * The survey side of one event: a start names its survey (through the service) and may ask
 * whether to leave an unfinished one; anything else continues the latest session. One engine
 * step, then the session, and the response once it is completed. No transactions (D1 has none):
 * the session is saved only if unchanged since read, and the response is written idempotently,
 * so a double tap or a redelivery records once.
 */
export async function answerSurvey(
  deps: RespondDeps,
  respondent: Respondent,
  inbound: SurveyInbound,
  locale: Locale,
): Promise<{ intents: Intent[]; locale: Locale }> {
  const { store } = deps;
  const event = inbound.event;
  const result = (intents: Intent[], l: Locale = locale) => ({ intents, locale: l });
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
