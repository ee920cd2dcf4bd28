import { type SurveyDefinition, type ValidationError, validateSurvey } from "../engine/definition.ts";

/** A survey shipped with Glas, validated; an invalid one is a bug, so it throws naming the file. */
export function shippedSurvey(name: string, data: unknown): SurveyDefinition {
  const result = validateSurvey(data);
  if (result.type === "invalid") throw new Error(`${name}: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.survey;
}

import type { Store, StoredSurvey } from "../store/ports.ts";

export const DEFAULT_SURVEY = "beneficiary-satisfaction";
export const DEMO_SERVICE = { code: "DEMO", name: "Demo day centre", locality: "Demo" } as const;

export type ImportResult =
  | { type: "imported"; survey: StoredSurvey; created: boolean }
  | { type: "invalid"; errors: ValidationError[] };

/** Validates and stores a parsed survey file (a changed survey becomes a new version). */
export async function importSurvey(store: Store, input: unknown): Promise<ImportResult> {
  const validated = validateSurvey(input);
  if (validated.type === "invalid") return validated;
  const { survey, created } = await store.surveys.import(validated.survey);
  return { type: "imported", survey, created };
}

/** What a new installation needs to be useful at once: the shipped surveys and a demo service. */
export async function ensureDefaults(store: Store, shipped: SurveyDefinition[]): Promise<{ imported: string[] }> {
  const imported: string[] = [];
  for (const definition of shipped) {
    const { created, survey } = await store.surveys.import(definition);
    if (created) imported.push(`${definition.slug} v${survey.version}`);
  }
  if (!(await store.services.byCode(DEMO_SERVICE.code))) {
    await store.services.add({ ...DEMO_SERVICE }).catch((err: unknown) => {
      if (!(err instanceof Error && err.name === "ConflictError")) throw err;
    });
  }
  return { imported };
}
