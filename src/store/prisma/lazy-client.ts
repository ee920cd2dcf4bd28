import type { PrismaClient } from "./client.ts";

/**
 * A PrismaClient made with its first query, so that starting (and answering `/health`, which
 * reads the shared connection) does not wait for Prisma's runtime to load. Glas calls nothing on
 * the client but model methods, each awaited (`await db.survey.findMany(…)`), and `$disconnect`:
 * each call is handed to the client once it exists. A client that failed to load is tried again
 * with the next query.
 */
export function lazyClient(make: () => Promise<PrismaClient>): PrismaClient {
  let made: Promise<PrismaClient> | null = null;
  const client = () =>
    (made ??= make().catch((err: unknown) => {
      made = null;
      throw err;
    }));
  const model = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, method) =>
          typeof method === "string" && method !== "then"
            ? (...args: unknown[]) =>
                client().then((c) =>
                  (c as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[name]?.[method]?.(...args),
                )
            : undefined,
      },
    );
  return new Proxy({} as PrismaClient, {
    get: (_, name) => {
      if (name === "$disconnect") return async () => (made ? (await made).$disconnect() : undefined);
      return typeof name === "string" && name !== "then" ? model(name) : undefined;
    },
  });
}
