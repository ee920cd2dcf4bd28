import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import { silentLogger } from "../../src/log.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
const HOUR = 3_600_000;
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 0, 255]);

beforeAll(() => {
  db = freshDatabase();
  app = createApp({
    log: silentLogger,
    pingDatabase: () => db.store.ping(),
    channels: { telegram: "off", viber: "off" },
    files: db.store.files,
  });
});
afterAll(() => db.close());

const put = (filename: string, contentType: string, expiresInMs: number) =>
  db.store.files.put({ filename, contentType, bytes, expiresAt: new Date(Date.now() + expiresInMs) });

describe("GET /files/{token}", () => {
  it("serves the bytes with their type, a download name and no caching", async () => {
    const file = await put(
      "glas-indicators-2026-W47-ro.xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      HOUR,
    );
    expect(file.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await app.request(`/files/${file.token}`);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="glas-indicators-2026-W47-ro.xlsx"; filename*=UTF-8''glas-indicators-2026-W47-ro.xlsx`,
    );
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("also answers with the file name as the last segment (Viber wants the extension there); pictures show inline", async () => {
    const file = await put("Graficul ș ț – індикатори.png", "image/png", HOUR);
    const res = await app.request(`/files/${file.token}/chart.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(
      `inline; filename="Graficul _ _ _ __________.png"; filename*=UTF-8''${encodeURIComponent("Graficul ș ț – індикатори.png")}`,
    );
  });

  it("answers an unknown, malformed or expired token with the same 404", async () => {
    const expired = await put("old.png", "image/png", -1);
    const live = await put("live.png", "image/png", HOUR);
    const wrong = `${live.token.slice(0, -1)}${live.token.endsWith("A") ? "B" : "A"}`;
    const answers = [];
    for (const path of [`/files/${expired.token}`, `/files/${wrong}`, "/files/abc", `/files/${live.token}x`, "/files/"]) {
      const res = await app.request(path);
      answers.push({ status: res.status, body: await res.text() });
    }
    expect(answers.every((a) => a.status === 404 && a.body === '{"error":"not found"}')).toBe(true);
  });

  it("expired files are purged; live ones stay", async () => {
    const live = await put("stays.png", "image/png", HOUR);
    const purged = await db.store.files.purgeExpired(new Date());
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(db.sql.prepare(`SELECT COUNT(*) AS n FROM "StoredFile" WHERE "expiresAt" <= ?`).get(new Date().toISOString())).toEqual(
      {
        n: 0,
      },
    );
    expect((await app.request(`/files/${live.token}`)).status).toBe(200);
  });
});
