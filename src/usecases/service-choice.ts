import type { Intent } from "../engine/intents.ts";
import { i18n } from "../engine/intents.ts";
import { isExpired, isFinished } from "../engine/state.ts";
import { resumeIntents } from "../engine/step.ts";
import type { Respondent, Service, SessionStore, Store, StoredSession } from "../store/ports.ts";

/**
 * Someone in the middle of a survey scans a service's poster (`/start svc_CODE`, Viber's
 * `context`): they are asked whether to go on or start about that service, so that a response
 * is credited to the service they chose, and never left without one when they came through a code.
 */
export const KEEP_PREFIX = "svc:keep:";
export const NEW_PREFIX = "svc:new:";
const CHOICE = /^svc:(keep|new):([A-Za-z0-9_-]{1,40})$/;

export type ServiceChoice = { keep: boolean; code: string };

export function parseServiceChoice(data: string): ServiceChoice | null {
  const match = CHOICE.exec(data);
  return match ? { keep: match[1] === "keep", code: match[2] ?? "" } : null;
}

/** The unfinished session a start about `service` would interrupt, if any. */
export async function interruptedBy(
  sessions: SessionStore,
  respondent: Respondent,
  service: Service,
  at: string,
): Promise<StoredSession | null> {
  const session = await sessions.latestFor(respondent.id);
  if (!session || isFinished(session.state) || isExpired(session.state, at)) return null;
  return session.state.service === service.code ? null : session;
}

export function serviceChoiceAsk(service: Service): Intent {
  const name = { service: service.name };
  return {
    type: "ask",
    ref: "service",
    parts: [i18n("survey.serviceChoice.question", name)],
    buttons: [
      [{ id: `${KEEP_PREFIX}${service.code}`, label: i18n("survey.serviceChoice.continue") }],
      [{ id: `${NEW_PREFIX}${service.code}`, label: i18n("survey.serviceChoice.start", name) }],
    ],
    input: "buttons",
  };
}

/** What the tap showed, so the channel can take the buttons off the question. */
export function choiceAnswered(choice: ServiceChoice, service: Service): Intent {
  const key = choice.keep ? "survey.serviceChoice.continue" : "survey.serviceChoice.start";
  return { type: "answered", ref: "service", parts: [i18n(key, { service: service.name })] };
}

/**
 * "Continue": the unfinished survey goes on where it was. A survey that had no service is
 * credited to the one the person came through; one about another service keeps it (their choice).
 * Null when there is nothing left to continue (the tap is stale).
 */
export async function keepSession(store: Store, respondent: Respondent, service: Service, at: string): Promise<Intent[] | null> {
  const session = await store.sessions.latestFor(respondent.id);
  if (!session || isFinished(session.state) || isExpired(session.state, at)) return null;
  const survey = await store.surveys.version(session.state.survey.slug, session.state.survey.version);
  if (!survey) return null;
  if (session.state.service === null) {
    const state = { ...session.state, service: service.code };
    if (!(await store.sessions.save(session.id, state, session.version))) return [];
    if (respondent.serviceId !== service.id) await store.respondents.update(respondent.id, { serviceId: service.id });
  }
  return resumeIntents({ version: survey.version, definition: survey.definition }, session.state, at);
}
