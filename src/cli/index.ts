import { Command, CommanderError } from "commander";
import { ConfigError } from "../config.ts";
import { registerAudit } from "./commands/audit.ts";
import { registerBackup, registerRestore } from "./commands/backup.ts";
import { registerExport } from "./commands/export.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerPurge } from "./commands/purge.ts";
import { registerQr } from "./commands/qr.ts";
import { registerServe } from "./commands/serve.ts";
import { registerService } from "./commands/service.ts";
import { registerSimulate } from "./commands/simulate.ts";
import { registerInvite, registerStaff } from "./commands/staff.ts";
import { registerSummary } from "./commands/summary.ts";
import { registerSurvey } from "./commands/survey.ts";
import { registerTelegram } from "./commands/telegram.ts";
import { EXIT, FailedError, UsageError } from "./exit.ts";

const program = new Command("glas")
  .description("Glas: beneficiary feedback over Telegram and Viber")
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerMigrate(program);
registerExport(program);
registerSummary(program);
registerSurvey(program);
registerService(program);
registerSimulate(program);
registerInvite(program);
registerStaff(program);
registerQr(program);
registerTelegram(program);
registerBackup(program);
registerRestore(program);
registerAudit(program);
registerPurge(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCode(err);
}

function exitCode(err: unknown): number {
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
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    return EXIT.failed;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failed;
}
