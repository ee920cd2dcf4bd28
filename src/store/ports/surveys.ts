/* Stored surveys and their versions. */
import type { SurveyDefinition } from "../../engine/definition.ts";

export type StoredSurvey = {
  surveyId: string;
  versionId: string;
  version: number;
  definition: SurveyDefinition;
};

export interface SurveyStore {
  latest(slug: string): Promise<StoredSurvey | null>;
  version(slug: string, version: number): Promise<StoredSurvey | null>;
  /** Stores a definition; an unchanged one keeps its version, a changed one gets the next. */
  import(definition: SurveyDefinition): Promise<{ survey: StoredSurvey; created: boolean }>;
  list(): Promise<{ slug: string; version: number; title: string; questions: number }[]>;
}
