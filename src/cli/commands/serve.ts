import type { Command } from "commander";
import { serveNode } from "../../platform.node.ts";
import { closeOnSignal, openContext } from "../context.ts";

export function registerServe(program: Command): void {
  program.command("serve").action(async () => {
    const ctx = await openContext({ defaults: "once", logLevel: process.env.LOG_LEVEL ?? "info" });
    const server = await serveNode(await ctx.glas());
    const { config } = ctx;
    process.stdout.write(`Glas is listening on http://localhost:${server.port} (health: /health).\n`);
    if (!config.TELEGRAM_BOT_TOKEN && !config.VIBER_AUTH_TOKEN) {
      process.stdout.write(
        "No messenger is connected yet (set TELEGRAM_BOT_TOKEN or VIBER_AUTH_TOKEN). Meanwhile, take the survey in your terminal: npm run simulate\n",
      );
    }
    closeOnSignal(server, ctx);
  });
}
