import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { migrate } from "../../store/prisma/database.node.ts";

export function registerMigrate(program: Command): void {
  program.command("migrate").action(async () => {
    const config = loadConfig(process.env);
    const { applied, file } = await migrate(config.DATABASE_URL);
    process.stdout.write(
      applied.length > 0
        ? `Applied ${applied.length} migration(s) to ${file}: ${applied.join(", ")}\n`
        : `${file} is up to date.\n`,
    );
  });
}
