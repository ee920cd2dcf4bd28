import type { Intent } from "../../engine/intents.ts";
import { say } from "./context.ts";
import { CHOICE_MAX_CHARS, QUESTION_MAX_CHARS } from "./message.ts";

/** What a worker typed, one entry per non-empty line. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** A translation is the question, then (for choices) the same number of choices, one per line, last. */
export function parseTranslation(
  text: string,
  choices: number,
): { type: "ok"; question: string; choices: string[] } | { type: "error"; error: Intent } {
  if (text === "") return { type: "error", error: say("consult.error.empty") };
  if (choices === 0) {
    if (text.length > QUESTION_MAX_CHARS)
      return { type: "error", error: say("consult.error.tooLong", { count: QUESTION_MAX_CHARS }) };
    return { type: "ok", question: text, choices: [] };
  }
  const filled = splitLines(text);
  if (filled.length < choices + 1) return { type: "error", error: say("consult.error.translationLines", { count: choices + 1 }) };
  const tail = filled.slice(-choices);
  const question = filled.slice(0, filled.length - choices).join("\n");
  if (question.length > QUESTION_MAX_CHARS)
    return { type: "error", error: say("consult.error.tooLong", { count: QUESTION_MAX_CHARS }) };
  if (tail.some((l) => l.length > CHOICE_MAX_CHARS))
    return { type: "error", error: say("consult.error.choiceTooLong", { count: CHOICE_MAX_CHARS }) };
  return { type: "ok", question, choices: tail };
}
