import { existsSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { BackupError, backupDatabase, checkBackup, restoreDatabase } from "../../store/prisma/backup.node.ts";
import { migrate, sqlitePath } from "../../store/prisma/database.node.ts";
import { FailedError } from "../exit.ts";

const MB = 1024 * 1024;
const number = (n: number) => n.toLocaleString("en");
const responses = (c: { responses: number; completed: number }) =>
  `${number(c.responses)} ${c.responses === 1 ? "response" : "responses"} (${number(c.completed)} completed)`;

/** A BackupError is explained on stderr and ends the command with exit code 1. */
function explained(err: unknown): unknown {
  if (!(err instanceof BackupError)) return err;
  process.stderr.write(`${err.message}\n`);
  return new FailedError(err.message, { cause: err });
}

export function registerBackup(program: Command): void {
  program
    .command("backup")
    .requiredOption("--out <file>", "where to write the copy (replaced if it exists)")
    .action(async (opts: { out: string }) => {
      const config = loadConfig(process.env);
      const started = performance.now();
      const bar = process.stderr.isTTY
        ? new SingleBar({
            stream: process.stderr,
            format: "Backing up [{bar}] {percentage}% {value}/{total} pages",
            hideCursor: true,
          })
        : null;
      let shown = false;
      try {
        const result = await backupDatabase(sqlitePath(config.DATABASE_URL), opts.out, (p) => {
          if (!bar) return;
          if (!shown) bar.start(p.totalPages, 0);
          shown = true;
          bar.setTotal(p.totalPages);
          bar.update(p.totalPages - p.remainingPages);
        });
        if (shown) {
          bar?.update(bar.getTotal());
          bar?.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `Backup written to ${result.file}: ${(result.bytes / MB).toFixed(1)} MB, ${responses(result)}, in ${seconds.toFixed(1)} s.\n`,
        );
      } catch (err) {
        if (shown) bar?.stop();
        throw explained(err);
      }
    });
}

export function registerRestore(program: Command): void {
  program
    .command("restore")
    .argument("<file>", "a file written by glas backup")
    .option("--force", "replace the database at DATABASE_URL if there is one")
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig(process.env);
      const target = sqlitePath(config.DATABASE_URL);
      try {
        if (existsSync(target) && !opts.force) {
          throw new BackupError(`${target} exists: add --force to replace it with the backup (back it up first if in doubt)`);
        }
        const check = checkBackup(file);
        await restoreDatabase(file, target);
        const { applied } = await migrate(config.DATABASE_URL);
        const upgraded = applied.length > 0 ? ` ${applied.length} newer migration(s) applied: ${applied.join(", ")}.` : "";
        process.stdout.write(`Restored ${file} into ${target}: ${responses(check)}; integrity ok.${upgraded}\n`);
      } catch (err) {
        throw explained(err);
      }
    });
}
