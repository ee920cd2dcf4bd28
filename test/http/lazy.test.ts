import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { lazyRoutes } from "../../src/http/lazy.ts";

/** The outer app as createApp has it: JSON 404 and 500, errors counted. */
function outer(inner: Hono) {
  const errors: string[] = [];
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/", inner);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((err, c) => {
    errors.push(err.message);
    return c.json({ error: "internal error" }, 500);
  });
  return { app, errors };
}

function api() {
  const built = new Hono().basePath("/api");
  built.get("/things", (c) => c.json({ things: [1, 2] }));
  built.post("/echo", async (c) => c.json(await c.req.json()));
  built.get("/broken", () => {
    throw new Error("store down");
  });
  built.notFound((c) => c.json({ error: "not found" }, 404));
  built.onError((err) => {
    throw err;
  });
  return built;
}

describe("lazyRoutes", () => {
  it("builds its app once, on the first request under its prefix, and hands it every request there", async () => {
    let builds = 0;
    const { app } = outer(
      lazyRoutes("/api", async () => {
        builds++;
        return api();
      }),
    );
    expect((await app.request("/health")).status).toBe(200);
    expect(builds).toBe(0);
    const [a, b, c] = await Promise.all([app.request("/api/things"), app.request("/api/things"), app.request("/api/things")]);
    expect(builds).toBe(1);
    for (const res of [a, b, c]) expect(await res.json()).toEqual({ things: [1, 2] });
    const echoed = await app.request("/api/echo", {
      method: "POST",
      body: JSON.stringify({ ü: "ș" }),
      headers: { "content-type": "application/json" },
    });
    expect(await echoed.json()).toEqual({ ü: "ș" });
    expect(builds).toBe(1);
  });

  it("answers an unknown route with the same JSON 404, and passes a handler's error to the app around it", async () => {
    const { app, errors } = outer(lazyRoutes("/api", async () => api()));
    const missing = await app.request("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not found" });
    const broken = await app.request("/api/broken");
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: "internal error" });
    expect(errors).toEqual(["store down"]);
    expect((await app.request("/elsewhere")).status).toBe(404);
  });

  it("tries to build again after a build that failed", async () => {
    let attempts = 0;
    const { app, errors } = outer(
      lazyRoutes("/api", async () => {
        attempts++;
        if (attempts === 1) throw new Error("module failed to load");
        return api();
      }),
    );
    expect((await app.request("/api/things")).status).toBe(500);
    expect(errors).toEqual(["module failed to load"]);
    expect(await (await app.request("/api/things")).json()).toEqual({ things: [1, 2] });
    expect(attempts).toBe(2);
  });
});
