import type { Command } from "commander";
import { validateSurvey } from "../../engine/definition.ts";
import { importSurvey } from "../../usecases/surveys.ts";
import { openContext } from "../context.ts";
import { FailedError } from "../exit.ts";
import { readSurveyFile } from "../survey-file.ts";

export function registerSurvey(program: Command): void {
  const survey = program.command("survey");

  survey
    .command("validate")
    .argument("<file>", "survey definition, YAML or JSON")
    .description("check a survey file; prints every error with its path")
    .action((file: string) => {
      const result = validateSurvey(readSurveyFile(file));
      if (result.type === "invalid") {
        for (const e of result.errors) process.stderr.write(`${file}: ${e.path || "(root)"}: ${e.message}\n`);
        process.stderr.write(`${result.errors.length} error(s)\n`);
        throw new FailedError("invalid survey");
      }
      process.stdout.write(`${file}: valid survey "${result.survey.slug}", ${result.survey.questions.length} questions\n`);
    });

  survey
    .command("import")
    .argument("<file>", "survey definition, YAML or JSON")
    .description("store a survey; a changed survey becomes a new version")
    .action(async (file: string) => {
      const ctx = await openContext();
      try {
        const result = await importSurvey(ctx.store, readSurveyFile(file));
        if (result.type === "invalid") {
          for (const e of result.errors) process.stderr.write(`${file}: ${e.path || "(root)"}: ${e.message}\n`);
          throw new FailedError("invalid survey");
        }
        const { definition, version } = result.survey;
        process.stdout.write(
          result.created
            ? `Imported "${definition.slug}" as version ${version}.\n`
            : `"${definition.slug}" is unchanged (version ${version}).\n`,
        );
      } finally {
        await ctx.close();
      }
    });

  survey
    .command("list")
    .description("list stored surveys and their latest versions")
    .action(async () => {
      const ctx = await openContext({ defaults: true });
      try {
        const rows = await ctx.store.surveys.list();
        for (const r of rows) process.stdout.write(`${r.slug}\tv${r.version}\t${r.questions} questions\t${r.title}\n`);
      } finally {
        await ctx.close();
      }
    });
}
