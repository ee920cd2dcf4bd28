import { Hono } from "hono";

/**
 * Routes under `prefix` served by an app built on their first request: what the server does not
 * need to answer its first request (the admin API and its schemas) is not loaded before it.
 * The built app's errors reach the app this is mounted in, as a mounted app's would.
 */
export function lazyRoutes(prefix: string, build: () => Promise<Hono>): Hono {
  let built: Promise<Hono> | null = null;
  const app = new Hono();
  app.all(`${prefix}/*`, async (c) => {
    built ??= build().catch((err: unknown) => {
      built = null; // the next request tries again
      throw err;
    });
    return (await built).fetch(c.req.raw, c.env);
  });
  return app;
}
