import { rename, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import YAML from "yaml";
import { loadConfig } from "../../config.ts";
import { createTranslate, type Translate } from "../../i18n/index.ts";
import { exportXlsform } from "../../surveys/xlsform/index.ts";
import { writeWorkbook } from "../../surveys/xlsform/workbook.node.ts";
import { openContext } from "../context.ts";
import { FailedError, UsageError } from "../exit.ts";
import { withOperations } from "../operations.ts";
import { borrowedTexts, interfaceText, loadSurvey, type SurveyInput } from "../survey-input.ts";

const FILE_HELP = "survey definition: YAML, JSON or an XLSForm workbook (.xlsx)";

function report(file: string, input: SurveyInput): void {
  for (const note of input.notes) process.stderr.write(`${file}: note: ${note}\n`);
  if (input.type === "invalid") {
    for (const e of input.errors) process.stderr.write(`${file}: ${e}\n`);
    process.stderr.write(`${input.errors.length} error(s)\n`);
  }
}

export function registerSurvey(program: Command): void {
  const survey = program.command("survey");

  survey
    .command("validate")
    .argument("<file>", FILE_HELP)
    .description("check a survey file; prints every error with its place (path, or sheet, row and column)")
    .action(async (file: string) => {
      const input = await loadSurvey(file, createTranslate("en"));
      report(file, input);
      if (input.type === "invalid") throw new FailedError("invalid survey");
      process.stdout.write(`${file}: valid survey "${input.survey.slug}", ${input.survey.questions.length} questions\n`);
    });

  survey
    .command("import")
    .argument("<file>", FILE_HELP)
    .description("store a survey; a changed survey becomes a new version")
    .action(async (file: string) => {
      const input = await loadSurvey(file, createTranslate(loadConfig(process.env).DEFAULT_LOCALE));
      report(file, input);
      if (input.type === "invalid") throw new FailedError("invalid survey");
      await withOperations({}, async (ops) => {
        const result = await ops.importSurvey(input.survey);
        if (result.type === "invalid") {
          for (const e of result.errors) process.stderr.write(`${file}: ${e.path || "(root)"}: ${e.message}\n`);
          throw new FailedError("invalid survey");
        }
        process.stdout.write(
          result.created
            ? `Imported "${result.slug}" as version ${result.version}.\n`
            : `"${result.slug}" is unchanged (version ${result.version}).\n`,
        );
      });
    });

  survey
    .command("export")
    .argument("<slug>", "a stored survey")
    .requiredOption("--out <file>", "where to write it")
    .option("--format <format>", "xlsform or yaml (default: from the file's extension)")
    .option("--version <n>", "a stored version (default: the latest)")
    .description("write a stored survey out as an XLSForm workbook or YAML; importing it again changes nothing")
    .action(async (slug: string, options: { out: string; format?: string; version?: string }) => {
      const format =
        options.format ?? (/\.xlsx$/i.test(options.out) ? "xlsform" : /\.ya?ml$/i.test(options.out) ? "yaml" : undefined);
      if (format !== "xlsform" && format !== "yaml") throw new UsageError("--format must be xlsform or yaml");
      const version = options.version === undefined ? undefined : Number(options.version);
      if (version !== undefined && !(Number.isInteger(version) && version > 0))
        throw new UsageError("--version must be a whole number");
      const ctx = await openContext({ defaults: true });
      try {
        const stored =
          version === undefined ? await ctx.store.surveys.latest(slug) : await ctx.store.surveys.version(slug, version);
        if (!stored) {
          process.stderr.write(
            `No stored survey "${slug}"${version === undefined ? "" : ` version ${version}`} (see: glas survey list).\n`,
          );
          throw new FailedError("unknown survey");
        }
        const bytes =
          format === "yaml"
            ? new TextEncoder().encode(YAML.stringify(stored.definition, { lineWidth: 0 }))
            : await writeWorkbook(
                exportXlsform(stored.definition, {
                  ...xlsformTexts(ctx.t),
                  defaultLocale: ctx.config.DEFAULT_LOCALE,
                  version: stored.version,
                }),
              );
        // Written whole or not at all: a temporary file renamed once complete.
        const temporary = `${options.out}.${process.pid}.tmp`;
        await writeFile(temporary, bytes);
        await rename(temporary, options.out);
        process.stdout.write(`Wrote "${slug}" version ${stored.version} to ${options.out} (${format}).\n`);
      } finally {
        await ctx.close();
      }
    });

  survey
    .command("list")
    .description("list stored surveys and their latest versions")
    .action(async () => {
      await withOperations({ defaults: true }, async (ops) => {
        for (const r of await ops.listSurveys())
          process.stdout.write(`${r.slug}\tv${r.version}\t${r.questions} questions\t${r.title}\n`);
      });
    });
}

function xlsformTexts(t: Translate) {
  return {
    yesNo: { yes: interfaceText(t, "survey.button.yes"), no: interfaceText(t, "survey.button.no") },
    texts: borrowedTexts(t),
  };
}
