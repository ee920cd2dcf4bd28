import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { SurveyDefinition } from "../engine/definition.ts";
import { PROJECT_ROOT } from "../root.node.ts";
import { shippedSurvey } from "../usecases/surveys.ts";

export const SURVEYS_DIR = path.join(PROJECT_ROOT, "surveys");

export class SurveyFileError extends Error {
  override name = "SurveyFileError";
}

/** Reads a YAML or JSON survey file into plain data (validation is the engine's). */
export function readSurveyFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new SurveyFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`, { cause: err });
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new SurveyFileError(`${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** The surveys shipped in `surveys/`, validated; an invalid shipped survey is a bug. */
export function shippedSurveys(dir = SURVEYS_DIR): SurveyDefinition[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort()
    .map((f) => shippedSurvey(f, readSurveyFile(path.join(dir, f))));
}
