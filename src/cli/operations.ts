import type { Operations } from "../usecases/operations/ports.ts";
import { FailedError, UsageError } from "./exit.ts";

/**
 * The operations a command acts on: with GLAS_URL, the running Glas there (through its admin
 * API, with ADMIN_TOKEN); without it, the local database (DATABASE_URL), as the server would.
 */
export async function openOperations(options: { defaults?: boolean } = {}): Promise<Operations & { remote: string | null }> {
  const url = process.env.GLAS_URL?.trim();
  if (url) {
    const token = process.env.ADMIN_TOKEN?.trim();
    if (!token) throw new UsageError("GLAS_URL is set: set ADMIN_TOKEN to the deployment's admin token as well");
    if (!/^https?:\/\//.test(url)) throw new UsageError("GLAS_URL must start with http:// or https://");
    const { createRemoteOperations } = await import("./remote.ts");
    return { ...createRemoteOperations({ url, token }), remote: url };
  }
  const [{ openContext }, { createLocalOperations }, { createNodeAttachments }, { exportStream }, { OPERATOR }] =
    await Promise.all([
      import("./context.ts"),
      import("../usecases/operations/local.ts"),
      import("../reports/attachments.node.ts"),
      import("../reports/export.node.ts"),
      import("../usecases/privacy/audit.ts"),
    ]);
  const ctx = await openContext(options);
  const { config, store, t } = ctx;
  const local = createLocalOperations({
    store,
    t,
    timeZone: config.TIMEZONE,
    minCell: config.MIN_CELL,
    defaultLocale: config.DEFAULT_LOCALE,
    attachments: createNodeAttachments({ config, store, t }),
    // Only `summary --send` needs the whole Glas (its messengers' renderers).
    sendToDirectorate: async (request, id) => (await ctx.glas()).summaries.sendToDirectorate(request, id),
    exportFile: exportStream,
    who: OPERATOR,
  });
  return { ...local, remote: null, close: () => ctx.close() };
}

/** Runs a command's work on the operations and closes them; a refusal is one line on stderr and exit 1. */
export async function withOperations<T>(
  options: { defaults?: boolean },
  run: (ops: Operations & { remote: string | null }) => Promise<T>,
): Promise<T> {
  const ops = await openOperations(options);
  try {
    return await run(ops);
  } catch (err) {
    if (err instanceof Error && (err.name === "OperationError" || err.name === "RemoteError")) {
      process.stderr.write(`${err.message}\n`);
      throw new FailedError(err.message, { cause: err });
    }
    throw err;
  } finally {
    await ops.close();
  }
}
