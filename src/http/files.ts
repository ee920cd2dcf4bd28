import { Hono } from "hono";
import type { FileStore } from "../store/ports.ts";

/** 32 bytes in base64url: 43 characters. Anything else cannot be a token. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type FilesRouteDeps = { files: FileStore; now?: () => Date };

/** RFC 6266: a plain ASCII fallback and the real name in RFC 5987 encoding. */
function disposition(contentType: string, filename: string): string {
  const kind = contentType.startsWith("image/") ? "inline" : "attachment";
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * `GET /files/{token}` (also `/files/{token}/{name}`: Viber wants the file's extension as the
 * last segment of a picture's link). Serves a stored chart or workbook while its link lasts.
 * An unknown, malformed or expired token gets the same 404 as any unknown path, so the
 * answer tells nothing about which tokens exist; nothing about the request is logged.
 */
export function filesRoutes(deps: FilesRouteDeps): Hono {
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  const serve = async (token: string) => {
    const file = TOKEN.test(token) ? await deps.files.byToken(token, now()) : null;
    if (!file) return Response.json({ error: "not found" }, { status: 404, headers: { "cache-control": "private, no-store" } });
    return new Response(file.bytes, {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.bytes.byteLength),
        "content-disposition": disposition(file.contentType, file.filename),
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  };
  app.get("/files/:token", (c) => serve(c.req.param("token")));
  app.get("/files/:token/:name", (c) => serve(c.req.param("token")));
  return app;
}
