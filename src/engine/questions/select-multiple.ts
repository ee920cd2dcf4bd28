import type { Question } from "../definition.ts";
import { i18n, literal } from "../intents.ts";
import { answer, fold, type QuestionKind, reask, SKIPPED, STALE } from "./kind.ts";

type SelectMultiple = Extract<Question, { type: "select_multiple" }>;

/** Ticks are toggled one tap at a time; "Done" answers with what is ticked. */
export const selectMultiple: QuestionKind<SelectMultiple> = {
  input: "buttons",
  instructions: ({ question }) =>
    question.maxChoices
      ? [i18n("survey.instructions.multipleUpTo", { count: question.maxChoices })]
      : [i18n("survey.instructions.multiple")],
  buttons: ({ question, prefix, locale, draft }) => [
    ...question.choices.map((c, i) => [
      { id: `${prefix}t${i}`, label: literal(c.label[locale]), checked: draft?.includes(c.name) ?? false },
    ]),
    [{ id: `${prefix}done`, label: i18n("survey.button.done") }],
  ],
  press: (ctx, suffix) => {
    if (suffix === "done") return finish(ctx.question, ctx.draft ?? []);
    const match = /^t(0|[1-9]\d?)$/.exec(suffix);
    const choice = match ? ctx.question.choices[Number(match[1])] : undefined;
    return choice ? toggle(ctx.question, ctx.draft ?? [], choice.name) : STALE;
  },
  text: (ctx, text) => {
    const choice = ctx.question.choices.find((c) => fold(c.label[ctx.locale]) === fold(text));
    if (choice) return toggle(ctx.question, ctx.draft ?? [], choice.name);
    return reask("expected_button");
  },
  summary: ({ question, locale }, value) => {
    const names = Array.isArray(value) ? value : [String(value)];
    const labels = question.choices.filter((c) => names.includes(c.name)).map((c) => c.label[locale]);
    return [literal(labels.join(", "))];
  },
};

function toggle(question: SelectMultiple, draft: string[], name: string) {
  if (draft.includes(name)) return { type: "toggle", draft: draft.filter((n) => n !== name) } as const;
  if (question.maxChoices !== undefined && draft.length >= question.maxChoices) {
    return reask("too_many_choices", { count: question.maxChoices });
  }
  // Keep the order of the definition, whatever the order of the taps.
  const next = question.choices.map((c) => c.name).filter((n) => n === name || draft.includes(n));
  return { type: "toggle", draft: next } as const;
}

function finish(question: SelectMultiple, draft: string[]) {
  if (draft.length === 0) return question.required ? reask("choose_one_or_more") : SKIPPED;
  return answer(draft);
}
