import http from "node:http";
import type https from "node:https";
import { Readable } from "node:stream";
import type { HttpFetch, HttpFetchInit, HttpFetchResponse } from "./types.ts";

/** An idle connection to a platform is kept this long for the next call (the platform may close it sooner). */
const IDLE_KEEP_MS = 30_000;

/** What grammY hands over for an upload: a Node stream, or any iterable of bytes. */
type StreamBody = NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

function isStream(body: unknown): body is StreamBody {
  return typeof body === "object" && body !== null && (Symbol.asyncIterator in body || "pipe" in body);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("The operation was aborted");
  err.name = "AbortError";
  return err;
}

/** A whole answer, read: what the API clients ask of a `Response` (status, a header, the body). */
function answerOf(res: http.IncomingMessage, body: Buffer): HttpFetchResponse {
  const status = res.statusCode ?? 0;
  const text = () => body.toString("utf8");
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
  };
}

/**
 * The messengers' HTTP client on Node: node:http(s) over kept-alive connections, in the shape of
 * `fetch` that grammY and the Viber client call. The runtime's `fetch` (undici) costs four to five
 * times the CPU per call in its web streams, which a broadcast at 1,000 a second cannot spare.
 * A call resolves once its whole answer is read; the caller's signal (its timeout) ends it at any point.
 * @example
 * const api = createTelegramApi({ token, apiRoot, fetch: createNodeFetch() });
 */
export function createNodeFetch(): HttpFetch {
  const plain = new http.Agent({ keepAlive: true, timeout: IDLE_KEEP_MS });
  // node:https (and TLS) load with the first call that needs them, not with the server's start.
  let secured: Promise<{ transport: typeof https; agent: https.Agent }> | null = null;
  const tls = () =>
    (secured ??= import("node:https").then(({ default: transport }) => ({
      transport,
      agent: new transport.Agent({ keepAlive: true, timeout: IDLE_KEEP_MS }),
    })));
  return async (url: string, init: HttpFetchInit) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    if (!secure && target.protocol !== "http:") throw new TypeError(`unsupported protocol ${target.protocol}`);
    const client = secure ? await tls() : { transport: http, agent: plain };
    return await new Promise<HttpFetchResponse>((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const body: unknown = init.body;
      const headers: Record<string, string | number> = { ...init.headers };
      if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
      else if (body instanceof Uint8Array) headers["content-length"] = body.byteLength;
      const request = client.transport.request(target, { method: init.method ?? "GET", headers, agent: client.agent });
      let settled = false;
      const onAbort = () => {
        if (signal) request.destroy(abortError(signal));
      };
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      signal?.addEventListener("abort", onAbort);
      request.on("error", (err) => finish(() => reject(err)));
      request.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (err) => finish(() => reject(err)));
        res.on("close", () => {
          if (!res.complete) finish(() => reject(new Error("the answer was cut off")));
        });
        res.on("end", () =>
          finish(() => resolve(answerOf(res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)))),
        );
      });
      if (body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array) {
        request.end(body ?? undefined);
        return;
      }
      if (!isStream(body)) {
        request.destroy(new TypeError("unsupported request body"));
        return;
      }
      const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
      stream.on("error", (err) => request.destroy(err));
      stream.pipe(request);
    });
  };
}
