import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A fake Viber REST API (chatapi.viber.com/pa) on loopback, so tests exercise the real
 * transport and viber-bot's real message classes instead of a mocked client.
 * Give Glas `VIBER_API_ROOT=fake.url` and `VIBER_AUTH_TOKEN=fake.token`.
 *
 * Like Viber, it answers HTTP 200 with a JSON `status` (0 = ok), checks the auth token
 * (`X-Viber-Auth-Token`, or `auth_token` in the body as older clients send it), answers
 * every sent message with a 64-bit `message_token` written as a bare JSON number, and on
 * `set_webhook` calls the URL with a signed `webhook` event first.
 */

export const DEFAULT_TOKEN = "4ab1f2c3d4e5f607-8a9b0c1d2e3f4a5b-6c7d8e9f0a1b2c3d";

/** A JSON answer `{ status, status_message, ...extra }` with HTTP 200, as Viber answers refusals too. */
export type FakeViberStatus = { status: number; status_message: string; extra?: Record<string, unknown>; delayMs?: number };
/** An HTTP error with any body (a load balancer's 502 page). */
export type FakeViberHttp = { http: number; body?: string; delayMs?: number };
/** The connection is destroyed without an answer. */
export type FakeViberDrop = { drop: true; delayMs?: number };
export type FakeViberAnswer = FakeViberStatus | FakeViberHttp | FakeViberDrop;
/** A scripted answer, or one decided per call (undefined: answer as usual). */
export type FakeViberScript = FakeViberAnswer | ((call: FakeViberCall) => FakeViberAnswer | undefined);

export type FakeViberCall = {
  endpoint: string;
  body: Record<string, unknown>;
  /** The request as sent, for asserting what never travels (tokens in bodies...). */
  raw: string;
  headers: Record<string, string | string[] | undefined>;
  at: number;
  receiver?: string;
  /** The answer chosen (before any delay). */
  answer?: FakeViberAnswer;
  /** For a sent message: its token, as exact digits. */
  messageToken?: string;
};

export type FakeViber = {
  readonly url: string;
  readonly token: string;
  readonly account: { id: string; name: string; uri: string };
  /** Every request in arrival order. */
  readonly calls: FakeViberCall[];
  /** The webhook set, if any, and the event types it asked for. */
  readonly webhook: { url: string; eventTypes: string[] } | undefined;
  callsTo(endpoint: string): FakeViberCall[];
  /** Messages accepted (status 0) for one person, in order. */
  sentTo(receiver: string): FakeViberCall[];
  /** Queues answers for the next calls of `endpoint`, used before the default behaviour. */
  script(endpoint: string, answers: FakeViberScript[]): void;
  /** Delays every answer by `ms`; `slow(0)` removes it. */
  slow(ms: number): void;
  /** Messages to this person are refused with `status` (default 6, receiverNotSubscribed). */
  unsubscribe(receiver: string, status?: number): void;
  resubscribe(receiver: string): void;
  /** Accepts at most `perSecond` messages in any sliding second, then answers status 12. */
  rateLimit(perSecond: number | undefined): void;
  /** Whether `set_webhook` calls the URL first (default true), as Viber does. */
  verifyWebhooks(on: boolean): void;
  reset(): void;
  close(): Promise<void>;
};

export const notSubscribed = (): FakeViberStatus => ({ status: 6, status_message: "notSubscribed" });
export const notRegistered = (): FakeViberStatus => ({ status: 5, status_message: "receiverNotRegistered" });
export const tooManyRequests = (): FakeViberStatus => ({ status: 12, status_message: "tooManyRequests" });
export const badData = (reason = "badData"): FakeViberStatus => ({ status: 3, status_message: reason });
export const serverError = (): FakeViberHttp => ({
  http: 502,
  body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
});
export const networkError = (): FakeViberDrop => ({ drop: true });

/** Viber's signature of a callback body: hex HMAC-SHA256 keyed with the auth token. */
export function sign(token: string, body: string): string {
  return createHmac("sha256", token).update(body, "utf8").digest("hex");
}

// ---------------------------------------------------------------------------------------------
// Fixtures: kept as text, because their 64-bit message tokens do not survive JSON.parse.

export const FIXTURE_DIR = path.resolve(import.meta.dirname, "../fixtures/viber");

export type ViberFixtureName =
  | "webhook"
  | "conversation-started"
  | "subscribed"
  | "unsubscribed"
  | "message-text"
  | "message-tracking-data"
  | "picture"
  | "sticker"
  | "location"
  | "delivered"
  | "seen"
  | "failed"
  | "webhook-long-timestamp"
  | "webhook-string-timestamp"
  | "conversation-started-no-token"
  | "conversation-started-no-context"
  | "video"
  | "file"
  | "contact"
  | "url"
  | "message-invalid-sender";

export const VIBER_FIXTURES: ViberFixtureName[] = [
  "webhook",
  "conversation-started",
  "subscribed",
  "unsubscribed",
  "message-text",
  "message-tracking-data",
  "picture",
  "sticker",
  "location",
  "delivered",
  "seen",
  "failed",
];

/** `test/fixtures/viber/<name>.json` as text, every digit of its token kept. */
export function viberFixture(name: ViberFixtureName): string {
  return readFileSync(path.join(FIXTURE_DIR, `${name}.json`), "utf8");
}

/** JSON.stringify, with the named fields (holding digit strings) written as bare numbers. */
export function bigJson(value: Record<string, unknown>, bigFields: string[] = ["message_token"]): string {
  let text = JSON.stringify(value);
  for (const field of bigFields) text = text.replace(new RegExp(`"${field}":"(\\d+)"`, "g"), `"${field}":$1`);
  return text;
}

// ---------------------------------------------------------------------------------------------

const ENDPOINTS = new Set(["set_webhook", "send_message", "broadcast_message", "get_account_info", "get_user_details"]);
const MESSAGE_TYPES = new Set(["text", "picture", "video", "file", "contact", "location", "url", "sticker", "rich_media"]);
const FIRST_MESSAGE_TOKEN = 5741311803571721087n;

export async function startFakeViber(options: { token?: string } = {}): Promise<FakeViber> {
  const token = options.token ?? DEFAULT_TOKEN;
  const account = { id: "pa:5912661846655200001", name: "Glas Test", uri: "glastest" };
  const calls: FakeViberCall[] = [];
  const fresh = () => ({
    scripts: new Map<string, FakeViberScript[]>(),
    unsubscribed: new Map<string, number>(),
    delayMs: 0,
    perSecond: undefined as number | undefined,
    accepted: [] as number[],
    verify: true,
    webhook: undefined as { url: string; eventTypes: string[] } | undefined,
  });
  let state = fresh();
  let nextToken = FIRST_MESSAGE_TOKEN;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const ok = (extra: Record<string, unknown> = {}): FakeViberStatus => ({ status: 0, status_message: "ok", extra });

  /** Validates a message as Viber does; null when it is acceptable. */
  function refuseMessage(body: Record<string, unknown>): FakeViberStatus | null {
    const sender = body.sender as { name?: unknown } | undefined;
    if (typeof sender?.name !== "string" || sender.name === "" || sender.name.length > 28) return badData("sender.name");
    const type = body.type;
    const keyboard = body.keyboard as { Type?: unknown; Buttons?: unknown } | undefined;
    if (type === undefined && !keyboard) return badData("missing type");
    if (type !== undefined && (typeof type !== "string" || !MESSAGE_TYPES.has(type))) return badData("type");
    if (type === "text" && (typeof body.text !== "string" || body.text === "" || body.text.length > 7000)) return badData("text");
    if (body.tracking_data !== undefined && (typeof body.tracking_data !== "string" || body.tracking_data.length > 4096)) {
      return badData("tracking_data");
    }
    if (keyboard) {
      if (keyboard.Type !== "keyboard" || !Array.isArray(keyboard.Buttons) || keyboard.Buttons.length === 0) {
        return badData("keyboard");
      }
      for (const b of keyboard.Buttons as Record<string, unknown>[]) {
        const columns = b.Columns ?? 6;
        const rows = b.Rows ?? 1;
        if (typeof columns !== "number" || columns < 1 || columns > 6) return badData("keyboard.Columns");
        if (typeof rows !== "number" || rows < 1 || rows > 2) return badData("keyboard.Rows");
        if (typeof b.ActionBody !== "string" || b.ActionBody === "" || b.ActionBody.length > 250) {
          return badData("keyboard.ActionBody");
        }
        if (b.Text !== undefined && (typeof b.Text !== "string" || b.Text.length > 250)) return badData("keyboard.Text");
      }
    }
    return null;
  }

  function withinRate(now: number): boolean {
    if (state.perSecond === undefined) return true;
    state.accepted = state.accepted.filter((t) => t > now - 1000);
    if (state.accepted.length >= state.perSecond) return false;
    state.accepted.push(now);
    return true;
  }

  async function verifyWebhook(url: string): Promise<FakeViberStatus | null> {
    const body = bigJson({
      event: "webhook",
      timestamp: Date.now(),
      chat_hostname: "SN-CHAT-05_",
      message_token: String(nextToken++),
    });
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Viber-Content-Signature": sign(token, body) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 200) return null;
      return { status: 1, status_message: `Result[HttpRequest[POST ${url}] failed with status ${response.status}]` };
    } catch {
      return { status: 1, status_message: `Result[HttpRequest[POST ${url}] failed: no answer]` };
    }
  }

  async function answer(call: FakeViberCall): Promise<FakeViberAnswer> {
    const next = state.scripts.get(call.endpoint)?.shift();
    const scripted = typeof next === "function" ? next(call) : next;
    if (scripted) return scripted;
    const given = call.headers["x-viber-auth-token"] ?? call.body.auth_token;
    if (given !== token) return { status: 2, status_message: "invalidAuthToken" };
    const body = call.body;
    switch (call.endpoint) {
      case "set_webhook": {
        if (typeof body.url !== "string") return badData("url");
        if (body.url === "") {
          state.webhook = undefined;
          return ok();
        }
        if (!/^https?:\/\//.test(body.url)) return { status: 1, status_message: "invalidUrl" };
        if (state.verify) {
          const refused = await verifyWebhook(body.url);
          if (refused) return refused;
        }
        const eventTypes = Array.isArray(body.event_types)
          ? body.event_types.map(String)
          : ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"];
        state.webhook = { url: body.url, eventTypes };
        return ok({ chat_hostname: "SN-CHAT-05_", event_types: eventTypes });
      }
      case "send_message": {
        if (typeof body.receiver !== "string" || body.receiver === "") return { status: 4, status_message: "missingData" };
        const refused = refuseMessage(body);
        if (refused) return refused;
        const stopped = state.unsubscribed.get(body.receiver);
        if (stopped !== undefined) return { status: stopped, status_message: stopped === 6 ? "notSubscribed" : "refused" };
        if (!withinRate(call.at)) return tooManyRequests();
        call.messageToken = String(nextToken++);
        return ok({ message_token: call.messageToken, chat_hostname: "SN-CHAT-05_", billing_status: 1 });
      }
      case "broadcast_message": {
        const list = body.broadcast_list;
        if (!Array.isArray(list) || list.length === 0 || list.length > 300) return badData("broadcast_list");
        const refused = refuseMessage(body);
        if (refused) return refused;
        call.messageToken = String(nextToken++);
        const failed = list
          .filter((r): r is string => typeof r === "string" && state.unsubscribed.has(r))
          .map((receiver) => {
            const status = state.unsubscribed.get(receiver) ?? 6;
            return { receiver, status, status_message: status === 6 ? "Not subscribed" : "refused" };
          });
        return ok({ message_token: call.messageToken, failed_list: failed });
      }
      case "get_account_info":
        return ok({
          ...account,
          chat_hostname: "SN-CHAT-05_",
          icon: "https://example.com/glas.png",
          background: "https://example.com/glas-bg.png",
          category: "Community",
          subcategory: "Community",
          location: { lon: 28.8575, lat: 47.0105 },
          country: "MD",
          webhook: state.webhook?.url ?? "",
          event_types: state.webhook?.eventTypes ?? [],
          subscribers_count: 2,
          members: [{ id: "bWVtYmVyQWRtaW4wMQ==", name: "Admin", avatar: "https://example.com/a.jpg", role: "admin" }],
        });
      case "get_user_details":
        if (typeof body.id !== "string" || body.id === "") return { status: 4, status_message: "missingData" };
        return ok({
          message_token: String(nextToken++),
          user: {
            id: body.id,
            name: "Test Person",
            avatar: "https://example.com/p.jpg",
            country: "MD",
            language: "ro",
            primary_device_os: "Android 13",
            api_version: 10,
            viber_version: "21.4.0.0",
            mcc: 259,
            mnc: 1,
            device_type: "SM-A145R",
          },
        });
      default:
        return { status: 1, status_message: "invalidUrl" };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const endpoint = (req.url ?? "").replace(/^\/pa/, "").replace(/^\/+/, "").split("?")[0] ?? "";
    let body: Record<string, unknown> = {};
    let parsed = true;
    try {
      const value = raw === "" ? {} : (JSON.parse(raw) as unknown);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) body = value as Record<string, unknown>;
      else parsed = false;
    } catch {
      parsed = false;
    }
    const call: FakeViberCall = { endpoint, body, raw, headers: req.headers, at: Date.now() };
    if (typeof body.receiver === "string") call.receiver = body.receiver;
    calls.push(call);
    let chosen: FakeViberAnswer;
    if (req.method !== "POST" || !ENDPOINTS.has(endpoint)) chosen = { http: 404, body: "Not Found" };
    else if (!parsed) chosen = badData("invalid JSON");
    else chosen = await answer(call);
    call.answer = chosen;
    const delay = (chosen.delayMs ?? 0) + state.delayMs;
    if (delay > 0) await sleep(delay);
    if ("drop" in chosen) {
      res.socket?.destroy();
      return;
    }
    if ("http" in chosen) {
      res.writeHead(chosen.http, { "content-type": "text/html" });
      res.end(chosen.body ?? "");
      return;
    }
    const text = bigJson({ status: chosen.status, status_message: chosen.status_message, ...chosen.extra });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/pa`,
    token,
    account,
    calls,
    get webhook() {
      return state.webhook;
    },
    callsTo: (endpoint) => calls.filter((c) => c.endpoint === endpoint),
    sentTo: (receiver) =>
      calls.filter(
        (c) =>
          c.endpoint === "send_message" && c.receiver === receiver && c.answer && "status" in c.answer && c.answer.status === 0,
      ),
    script(endpoint, answers) {
      state.scripts.set(endpoint, [...(state.scripts.get(endpoint) ?? []), ...answers]);
    },
    slow(ms) {
      state.delayMs = ms;
    },
    unsubscribe(receiver, status = 6) {
      state.unsubscribed.set(receiver, status);
    },
    resubscribe(receiver) {
      state.unsubscribed.delete(receiver);
    },
    rateLimit(perSecond) {
      state.perSecond = perSecond;
      state.accepted = [];
    },
    verifyWebhooks(on) {
      state.verify = on;
    },
    reset() {
      calls.length = 0;
      state = fresh();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
