import { Command, CommanderError } from "commander";
import { EXIT, FailedError, UsageError } from "./exit.ts";

type Register = (program: Command) => void;

/**
 * Every command, with what `glas --help` says of it. A command's module (and all it needs:
 * the database, the messengers, the report libraries) loads only when that command runs,
 * so `glas --help` loads commander alone.
 */
const COMMANDS: { name: string; description: string; load(): Promise<Register> }[] = [
  {
    name: "serve",
    description: "run the server (npm start): migrations, default survey, webhooks, schedules",
    load: async () => (await import("./commands/serve.ts")).registerServe,
  },
  {
    name: "migrate",
    description: "apply pending database migrations (every command does this itself)",
    load: async () => (await import("./commands/migrate.ts")).registerMigrate,
  },
  {
    name: "export",
    description: "write every completed response of a survey, anonymised, as CSV or Excel (one row per response)",
    load: async () => (await import("./commands/export.ts")).registerExport,
  },
  {
    name: "summary",
    description:
      "print the directorate's summary of the last full week or month (or of chosen days); write its workbook and chart",
    load: async () => (await import("./commands/summary.ts")).registerSummary,
  },
  {
    name: "survey",
    description: "validate, import, export and list survey definitions (YAML, JSON or XLSForm)",
    load: async () => (await import("./commands/survey.ts")).registerSurvey,
  },
  {
    name: "service",
    description: "add and list social services (day centres, teams...)",
    load: async () => (await import("./commands/service.ts")).registerService,
  },
  {
    name: "simulate",
    description: "take a survey in the terminal, as in a messenger; piped input is one message per line",
    load: async () => (await import("./commands/simulate.ts")).registerSimulate,
  },
  {
    name: "invite",
    description: "issue a one-time code a social worker, directorate member or focal point sends to the bot as /join CODE",
    load: async () => (await import("./commands/staff.ts")).registerInvite,
  },
  {
    name: "staff",
    description: "list and revoke social workers and directorate members",
    load: async () => (await import("./commands/staff.ts")).registerStaff,
  },
  {
    name: "feedback",
    description: "list or export messages to the services (questions, complaints...): what was said and done, never who",
    load: async () => (await import("./commands/feedback.ts")).registerFeedback,
  },
  {
    name: "qr",
    description:
      "write an A4 poster whose QR code opens the Telegram bot with a service pre-selected (and a Viber code beside it when Viber is configured)",
    load: async () => (await import("./commands/qr.ts")).registerQr,
  },
  {
    name: "webhooks",
    description: "register the webhooks with the messengers",
    load: async () => (await import("./commands/telegram.ts")).registerTelegram,
  },
  {
    name: "telegram",
    description: "Telegram tools",
    load: async () => (await import("./commands/telegram.ts")).registerTelegram,
  },
  {
    name: "backup",
    description: "write a consistent copy of the database while the server runs (SQLite's online backup)",
    load: async () => (await import("./commands/backup.ts")).registerBackup,
  },
  {
    name: "restore",
    description: "check a backup (integrity, migrations) and restore it into DATABASE_URL; stop the server first",
    load: async () => (await import("./commands/backup.ts")).registerRestore,
  },
  {
    name: "audit",
    description: "list what staff did that reveals data or reaches people (kept two years)",
    load: async () => (await import("./commands/audit.ts")).registerAudit,
  },
  {
    name: "purge",
    description: "apply the retention periods now and print what was removed, by kind",
    load: async () => (await import("./commands/purge.ts")).registerPurge,
  },
];

const program = new Command("glas")
  .description("Glas: beneficiary feedback over Telegram and Viber")
  .showHelpAfterError()
  .exitOverride();

/** Registers the chosen command alone and runs it; the exit code says how it went. */
export async function main(argv: string[]): Promise<void> {
  // `glas help <command>` asks for that command's own help.
  const [first, second] = argv.slice(2);
  const chosen = COMMANDS.find((c) => c.name === (first === "help" ? second : first));
  if (chosen) {
    (await chosen.load())(program);
    for (const command of program.commands) {
      const description = COMMANDS.find((c) => c.name === command.name())?.description;
      if (description) command.description(description);
    }
  } else {
    // The list for `glas --help` (and an unknown command's error) needs no command module.
    for (const { name, description } of COMMANDS) program.command(name).description(description);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = await exitCode(err);
  }
}

async function exitCode(err: unknown): Promise<number> {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help")
      return EXIT.ok;
    return EXIT.usage;
  }
  if (err instanceof FailedError) return EXIT.failed;
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT.usage;
  }
  // Loaded only here: config.ts brings zod, which `glas --help` does not need.
  const { ConfigError } = await import("../config.ts");
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    return EXIT.failed;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failed;
}
