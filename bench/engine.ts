import { readFileSync } from "node:fs";
import YAML from "yaml";
import { type SurveyVersion, validateSurvey } from "../src/engine/definition.ts";
import type { EngineEvent } from "../src/engine/events.ts";
import type { Ask } from "../src/engine/intents.ts";
import type { SessionState } from "../src/engine/state.ts";
import { step } from "../src/engine/step.ts";
import { type Figure, rate } from "./support.ts";

export function loadSurvey(file: string): SurveyVersion {
  const result = validateSurvey(YAML.parse(readFileSync(file, "utf8")));
  if (result.type === "invalid") throw new Error(result.errors.map((e) => e.message).join("; "));
  return { version: 1, definition: result.survey };
}

/** The press or text that answers an ask with its first option. */
export function answerFor(ask: Ask): { type: "press"; data: string } | { type: "text"; text: string } {
  if (ask.input === "text") return { type: "text", text: "Totul este bine, mulțumesc." };
  if (ask.input === "number") return { type: "text", text: "3" };
  const first = ask.buttons.flat()[0];
  if (!first) throw new Error(`no button on ${ask.ref}`);
  return { type: "press", data: first.id.includes(":t") ? first.id : first.id };
}

/** One whole survey through the pure engine; returns the number of events stepped. */
export function runSurvey(survey: SurveyVersion, n: number): number {
  const at = new Date(Date.UTC(2026, 10, 24, 8)).toISOString();
  let state: SessionState | null = null;
  let events = 0;
  let event: EngineEvent = { id: `${n}:0`, at, type: "start", suggestedLocale: "ro" };
  for (;;) {
    const result = step(survey, state, event);
    events++;
    state = result.state;
    const ask = result.intents.findLast((i): i is Ask => i.type === "ask");
    if (result.intents.some((i) => i.type === "end") || !ask) return events;
    let next = ask.ref === "consent" ? ({ type: "press", data: "consent:yes" } as const) : answerFor(ask);
    if (next.type === "press" && /:t\d+$/.test(next.data) && state.draft?.length) {
      next = { type: "press", data: next.data.replace(/:t\d+$/, ":done") };
    }
    event = { id: `${n}:${events}`, at, ...next };
  }
}

export async function benchEngine(ms: number): Promise<Figure[]> {
  const survey = loadSurvey("surveys/beneficiary-satisfaction.yaml");
  let n = 0;
  const eventsPerSecond = await rate(ms, () => runSurvey(survey, n++));
  return [{ name: "engine events/s (one core)", value: eventsPerSecond, unit: "events/s" }];
}
