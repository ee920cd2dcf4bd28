import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type {
  BotCommand,
  Chat,
  Document,
  InlineKeyboardMarkup,
  MenuButton,
  Message,
  PhotoSize,
  ResponseParameters,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from "grammy/types";

/**
 * A fake Telegram Bot API server on loopback, so tests exercise the real grammY client code
 * (URL building, JSON and multipart payloads, error mapping) instead of a mocked `Api`.
 *
 * Give grammY `{ client: { apiRoot: fake.url } }` (Bot) or `new Api(fake.token, { apiRoot: fake.url })`.
 */

export const DEFAULT_TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/** A successful answer: `{"ok":true,"result":...}`. */
export type FakeSuccess = { ok: true; result: unknown; delayMs?: number };

/**
 * An error answer, sent with HTTP `status` and the body
 * `{"ok":false,"error_code":N,"description":"...","parameters":{...}}` (parameters only when given).
 * `rawBody` replaces the JSON body with that text (e.g. the HTML nginx page of a real 502).
 */
export type FakeFailure = {
  ok?: false;
  status: number;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
  delayMs?: number;
  rawBody?: string;
};

/** Destroys the connection without answering: grammY throws an `HttpError`. */
export type FakeDrop = { drop: true; delayMs?: number };

export type FakeResponse = FakeSuccess | FakeFailure | FakeDrop;

/** A scripted answer; a function may look at the call and return `undefined` to fall through to the default behaviour. */
export type FakeScript = FakeResponse | ((call: FakeCall) => FakeResponse | undefined);

export type FakeFile = {
  /** Name of the multipart part (grammY uses a random id referenced as `attach://<id>` in the params). */
  field: string;
  /** The parameter that referenced it, e.g. "photo" or "document", when found. */
  param?: string;
  filename: string;
  size: number;
  /** The uploaded bytes. */
  bytes: Buffer;
};

export type FakeCall = {
  method: string;
  params: Record<string, unknown>;
  /** Arrival time, `Date.now()` in ms. */
  at: number;
  chatId?: number | string;
  /** Files of a multipart/form-data request. */
  files?: FakeFile[];
  /** The answer the fake chose (set before any delay is applied). */
  response?: FakeResponse;
};

export type RateLimit = {
  /** Accepted chat-bound calls (those with a `chat_id`) allowed in any sliding 1-second window. */
  perSecond: number;
  /** Fixed flood-wait in seconds once exceeded; default: until the window frees up (rounded up, at least 1). */
  retryAfter?: number;
};

export type FakeTelegramOptions = {
  token?: string;
  /** Overrides of the getMe answer. */
  bot?: Partial<UserFromGetMe>;
  rateLimit?: RateLimit;
  /** Delay applied to every answer, in ms. */
  delayMs?: number;
  /** Longest time getUpdates holds a long poll, whatever `timeout` asks (default 1000 ms). */
  maxPollMs?: number;
  /** Answer "message is not modified" when an edit of a message sent through this fake changes nothing (default true). */
  detectNotModified?: boolean;
  /**
   * How long an idle connection is kept, in ms (default 1000). Its hint (`Keep-Alive: timeout=1`)
   * makes Node's clients, which keep a second's margin, close every connection after one call;
   * Telegram names no such limit and keeps them open.
   */
  keepAliveMs?: number;
};

export type FixtureUpdate = { update_id?: number; [field: string]: unknown };

export type FakeTelegram = {
  /** The apiRoot to give grammY, e.g. "http://127.0.0.1:PORT". */
  readonly url: string;
  readonly port: number;
  /** The only accepted token. */
  readonly token: string;
  /** The getMe answer. */
  readonly botInfo: UserFromGetMe;
  /** Every request in arrival order (the same array across `reset()`). */
  readonly calls: FakeCall[];
  /** Updates waiting for getUpdates. */
  readonly pendingUpdates: readonly Update[];
  /** The webhook set by setWebhook, if any. */
  readonly webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | undefined;
  callsTo(method: string): FakeCall[];
  /** Resolves with the calls to `method` once there are at least `count` of them. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<FakeCall[]>;
  /** Queues answers for the next calls of `method`, consumed in order before the default behaviour. */
  script(method: string, responses: FakeScript[]): void;
  /** Delays every answer (or those of one method) by `ms`; `slow(0)` removes it. */
  slow(ms: number, method?: string): void;
  /** Every call with this chat_id answers `response` (default: 403 bot was blocked by the user). */
  blockChat(chatId: number | string, response?: FakeFailure): void;
  unblockChat(chatId: number | string): void;
  /** Sets or (with `undefined`) removes the global rate limit. */
  rateLimit(limit: RateLimit | undefined): void;
  /** Queues an update for getUpdates; a missing `update_id` becomes the highest queued so far + 1 (first: 900000001). */
  queueUpdate(update: Update | FixtureUpdate): Update;
  tooManyRequests: typeof tooManyRequests;
  blocked: typeof blocked;
  deactivated: typeof deactivated;
  notModified: typeof notModified;
  messageToEditNotFound: typeof messageToEditNotFound;
  serverError: typeof serverError;
  /** Forgets calls, scripts, chat rules, delays, updates, webhook and sent messages; restores the start options. */
  reset(): void;
  close(): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Error answers, shaped exactly like Telegram's.

export function apiError(status: number, description: string, parameters?: ResponseParameters): FakeFailure {
  return parameters ? { status, error_code: status, description, parameters } : { status, error_code: status, description };
}

export function tooManyRequests(retryAfter: number): FakeFailure {
  return apiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

export function blocked(): FakeFailure {
  return apiError(403, "Forbidden: bot was blocked by the user");
}

export function deactivated(): FakeFailure {
  return apiError(403, "Forbidden: user is deactivated");
}

export function notModified(): FakeFailure {
  return apiError(
    400,
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  );
}

export function messageToEditNotFound(): FakeFailure {
  return apiError(400, "Bad Request: message to edit not found");
}

/** 502 Bad Gateway; `{ html: true }` answers nginx's HTML page instead of JSON, as Telegram's front does. */
export function serverError(options: { html?: boolean } = {}): FakeFailure {
  const failure = apiError(502, "Bad Gateway");
  if (options.html) {
    failure.rawBody =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";
  }
  return failure;
}

export function unauthorized(): FakeFailure {
  return apiError(401, "Unauthorized");
}

export function notFound(): FakeFailure {
  return apiError(404, "Not Found");
}

export function badRequest(reason: string): FakeFailure {
  return apiError(400, `Bad Request: ${reason}`);
}

export function ok(result: unknown): FakeSuccess {
  return { ok: true, result };
}

/** The connection is destroyed without an answer. */
export function networkError(): FakeDrop {
  return { drop: true };
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export const FIXTURE_DIR = path.resolve(import.meta.dirname, "../fixtures/telegram");

export type FixtureName =
  | "start"
  | "start-deep-link"
  | "text"
  | "callback-query"
  | "command-help"
  | "command-stop"
  | "command-forget"
  | "command-language"
  | "photo"
  | "sticker"
  | "voice"
  | "edited-message"
  | "channel-post"
  | "my-chat-member-blocked"
  | "group-message"
  | "poll"
  | "chat-join-request"
  | "video"
  | "document"
  | "audio"
  | "animation"
  | "video-note"
  | "contact"
  | "location"
  | "photo-with-caption"
  | "forwarded-text"
  | "forwarded-hidden-user"
  | "forwarded-legacy"
  | "message-without-from"
  | "group-anonymous-admin"
  | "supergroup-message"
  | "my-chat-member-member"
  | "callback-without-chat-instance"
  | "callback-inline-message"
  | "callback-from-stranger";

/** A fresh copy of `test/fixtures/telegram/<name>.json`. */
export function telegramFixture(name: FixtureName): Update {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), "utf8")) as Update;
}

// ---------------------------------------------------------------------------------------------
// Server

type State = {
  scripts: Map<string, FakeScript[]>;
  chatRules: Map<string, FakeFailure>;
  methodDelays: Map<string, number>;
  delayMs: number;
  rateLimit: RateLimit | undefined;
  accepted: number[];
  floodUntil: number;
  updates: Update[];
  lastUpdateId: number;
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | undefined;
  messages: Map<string, { message: Message; signature: string }>;
  knownChats: Map<string, Chat>;
  commands: Map<string, BotCommand[]>;
  menuButtons: Map<string, MenuButton>;
  nextMessageId: number;
  nextFileId: number;
};

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? DEFAULT_TOKEN;
  const botId = Number(token.split(":")[0]) || 123456;
  const botInfo: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: "Glas Test",
    username: "GlasTestBot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...options.bot,
  };
  const botUser: User = {
    id: botInfo.id,
    is_bot: true,
    first_name: botInfo.first_name,
    username: botInfo.username,
  };
  const maxPollMs = options.maxPollMs ?? 1000;
  const detectNotModified = options.detectNotModified ?? true;

  const calls: FakeCall[] = [];
  const fresh = (): State => ({
    scripts: new Map(),
    chatRules: new Map(),
    methodDelays: new Map(),
    delayMs: options.delayMs ?? 0,
    rateLimit: options.rateLimit,
    accepted: [],
    floodUntil: 0,
    updates: [],
    lastUpdateId: 0,
    webhook: undefined,
    messages: new Map(),
    knownChats: new Map(),
    commands: new Map(),
    menuButtons: new Map(),
    nextMessageId: 1,
    nextFileId: 1,
  });
  let state = fresh();
  let closed = false;
  const pollWaiters = new Set<() => void>();
  const callListeners = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closed) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const wakePollers = () => {
    for (const wake of [...pollWaiters]) wake();
  };

  // --- realistic objects ------------------------------------------------------------------

  const now = () => Math.floor(Date.now() / 1000);

  const chatFor = (chatId: number | string): Chat => {
    const known = state.knownChats.get(String(chatId));
    if (known) return known;
    if (typeof chatId === "string") {
      return { id: -1001000000001, type: "channel", title: "Test channel", username: chatId.replace(/^@/, "") };
    }
    if (chatId > 0) return { id: chatId, type: "private", first_name: "Test" };
    if (chatId <= -1_000_000_000_000) return { id: chatId, type: "supergroup", title: "Test supergroup" };
    return { id: chatId, type: "group", title: "Test group" };
  };

  const fileIds = (prefix: string) => {
    const n = state.nextFileId++;
    const tail = n.toString(36).padStart(6, "0");
    return { file_id: `${prefix}AAxkBAAIB${tail}ZmFrZS1maWxlLWlk${tail}AAMCAAM2BA`, file_unique_id: `AQAD${tail}Fk` };
  };

  const photoSizes = (size: number | undefined): PhotoSize[] => {
    const base = fileIds("AgACAgIAAx");
    const dims: [number, number][] = [
      [90, 68],
      [320, 240],
      [800, 600],
      [1280, 960],
    ];
    return dims.map(([width, height], i) => ({
      file_id: `${base.file_id}${i}`,
      file_unique_id: `${base.file_unique_id}${i}`,
      file_size: Math.max(1, Math.round((size ?? 120_000) * ((width * height) / (1280 * 960)))),
      width,
      height,
    }));
  };

  const inlineMarkup = (markup: unknown): InlineKeyboardMarkup | undefined => {
    const m = asObject(markup);
    return m && Array.isArray(m.inline_keyboard) && m.inline_keyboard.length > 0
      ? (m as unknown as InlineKeyboardMarkup)
      : undefined;
  };

  const visibleText = (text: string, parseMode: unknown) =>
    parseMode === "HTML"
      ? text
          .replace(/<[^>]+>/g, "")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, "&")
      : text;

  const signatureOf = (p: Record<string, unknown>, current?: string) => {
    const prev = current ? (JSON.parse(current) as Record<string, unknown>) : {};
    const next = { ...prev };
    for (const key of ["text", "caption", "parse_mode", "entities", "caption_entities"]) {
      if (key in p) next[key] = p[key] ?? null;
    }
    next.reply_markup = inlineMarkup(p.reply_markup) ?? null;
    return JSON.stringify(next);
  };

  const remember = (message: Message, p: Record<string, unknown>) => {
    state.messages.set(`${message.chat.id}:${message.message_id}`, { message, signature: signatureOf(p) });
    return message;
  };

  const newMessage = (chatId: number | string, p: Record<string, unknown>, extra: Partial<Message>): Message => {
    const message: Message = {
      message_id: state.nextMessageId++,
      from: botUser,
      chat: chatFor(chatId),
      date: now(),
      ...extra,
    };
    const markup = inlineMarkup(p.reply_markup);
    if (markup) message.reply_markup = markup;
    return remember(message, p);
  };

  // --- validation -------------------------------------------------------------------------

  const checkMarkup = (markup: unknown): FakeFailure | undefined => {
    const m = asObject(markup);
    if (!m || !Array.isArray(m.inline_keyboard)) return undefined;
    for (const row of m.inline_keyboard) {
      if (!Array.isArray(row)) return badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      for (const button of row) {
        const b = asObject(button);
        if (!b || typeof b.text !== "string" || b.text === "") return badRequest("BUTTON_TEXT_INVALID");
        if (typeof b.callback_data === "string" && Buffer.byteLength(b.callback_data) > 64) {
          return badRequest("BUTTON_DATA_INVALID");
        }
      }
    }
    return undefined;
  };

  const checkText = (text: unknown, parseMode: unknown): FakeFailure | undefined => {
    if (typeof text !== "string" || text.trim() === "") return badRequest("message text is empty");
    if (visibleText(text, parseMode).length > 4096) return badRequest("message is too long");
    return undefined;
  };

  const checkCaption = (caption: unknown, parseMode: unknown): FakeFailure | undefined =>
    typeof caption === "string" && visibleText(caption, parseMode).length > 1024
      ? badRequest("message caption is too long")
      : undefined;

  // --- methods ----------------------------------------------------------------------------

  const editTarget = (call: FakeCall): FakeFailure | { key?: string } => {
    const p = call.params;
    if (typeof p.inline_message_id === "string") return {};
    if (p.chat_id === undefined || p.chat_id === "") return badRequest("chat_id is empty");
    if (p.message_id === undefined) return badRequest("message identifier is not specified");
    return { key: `${chatFor(p.chat_id as number | string).id}:${p.message_id}` };
  };

  const edit = (call: FakeCall, change: (m: Message) => void): FakeResponse => {
    const target = editTarget(call);
    if ("status" in target) return target;
    const p = call.params;
    const invalid = checkMarkup(p.reply_markup);
    if (invalid) return invalid;
    if (target.key === undefined) return ok(true);
    const tracked = state.messages.get(target.key);
    const signature = signatureOf(p, tracked?.signature);
    if (tracked && detectNotModified && tracked.signature === signature) return notModified();
    const message: Message = tracked
      ? { ...tracked.message }
      : { message_id: Number(p.message_id), from: botUser, chat: chatFor(p.chat_id as number | string), date: now() };
    message.edit_date = now();
    change(message);
    const markup = inlineMarkup(p.reply_markup);
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    state.messages.set(target.key, { message, signature });
    return ok(message);
  };

  const scopeKey = (p: Record<string, unknown>) => JSON.stringify([p.scope ?? { type: "default" }, p.language_code ?? ""]);

  const requireChat = (p: Record<string, unknown>): FakeFailure | undefined =>
    p.chat_id === undefined || p.chat_id === "" ? badRequest("chat_id is empty") : undefined;

  const handlers: Record<string, (call: FakeCall, res: ServerResponse) => FakeResponse | Promise<FakeResponse>> = {
    getMe: () => ok(botInfo),

    sendMessage: ({ params: p }) => {
      const invalid = requireChat(p) ?? checkText(p.text, p.parse_mode) ?? checkMarkup(p.reply_markup);
      if (invalid) return invalid;
      const extra: Partial<Message> = { text: visibleText(String(p.text), p.parse_mode) };
      if (Array.isArray(p.entities)) extra.entities = p.entities;
      return ok(newMessage(p.chat_id as number | string, p, extra));
    },

    sendPhoto: ({ params: p, files }) => {
      const invalid = requireChat(p) ?? checkCaption(p.caption, p.parse_mode) ?? checkMarkup(p.reply_markup);
      if (invalid) return invalid;
      if (typeof p.photo !== "string" || p.photo === "") return badRequest("there is no photo in the request");
      const file = files?.find((f) => f.param === "photo");
      const extra: Partial<Message> = { photo: photoSizes(file?.size) };
      if (typeof p.caption === "string") extra.caption = visibleText(p.caption, p.parse_mode);
      return ok(newMessage(p.chat_id as number | string, p, extra));
    },

    sendDocument: ({ params: p, files }) => {
      const invalid = requireChat(p) ?? checkCaption(p.caption, p.parse_mode) ?? checkMarkup(p.reply_markup);
      if (invalid) return invalid;
      if (typeof p.document !== "string" || p.document === "") return badRequest("there is no document in the request");
      const file = files?.find((f) => f.param === "document");
      const document: Document = {
        ...fileIds("BQACAgIAAx"),
        file_name: file?.filename ?? "document.dat",
        mime_type: mimeOf(file?.filename ?? ""),
        file_size: file?.size ?? 1024,
      };
      const extra: Partial<Message> = { document };
      if (typeof p.caption === "string") extra.caption = visibleText(p.caption, p.parse_mode);
      return ok(newMessage(p.chat_id as number | string, p, extra));
    },

    editMessageText: (call) => {
      const invalid = checkText(call.params.text, call.params.parse_mode);
      if (invalid) return invalid;
      return edit(call, (m) => {
        m.text = visibleText(String(call.params.text), call.params.parse_mode);
        if (Array.isArray(call.params.entities)) m.entities = call.params.entities;
        else delete m.entities;
      });
    },

    editMessageCaption: (call) => {
      const invalid = checkCaption(call.params.caption, call.params.parse_mode);
      if (invalid) return invalid;
      return edit(call, (m) => {
        if (typeof call.params.caption === "string") m.caption = visibleText(call.params.caption, call.params.parse_mode);
        else delete m.caption;
      });
    },

    editMessageReplyMarkup: (call) => edit(call, () => {}),

    deleteMessage: ({ params: p }) => {
      const invalid = requireChat(p);
      if (invalid) return invalid;
      state.messages.delete(`${chatFor(p.chat_id as number | string).id}:${p.message_id}`);
      return ok(true);
    },

    sendChatAction: ({ params: p }) => requireChat(p) ?? ok(true),

    answerCallbackQuery: ({ params: p }) =>
      typeof p.callback_query_id === "string" && p.callback_query_id !== "" ? ok(true) : badRequest("QUERY_ID_INVALID"),

    setMyCommands: ({ params: p }) => {
      const commands = Array.isArray(p.commands) ? (p.commands as BotCommand[]) : undefined;
      if (!commands) return badRequest('parameter "commands" is required');
      for (const c of commands) {
        if (typeof c?.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) return badRequest("BOT_COMMAND_INVALID");
        if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
          return badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }
      }
      state.commands.set(scopeKey(p), commands);
      return ok(true);
    },

    getMyCommands: ({ params: p }) => ok(state.commands.get(scopeKey(p)) ?? []),

    deleteMyCommands: ({ params: p }) => {
      state.commands.delete(scopeKey(p));
      return ok(true);
    },

    setChatMenuButton: ({ params: p }) => {
      const button = asObject(p.menu_button) as MenuButton | undefined;
      state.menuButtons.set(String(p.chat_id ?? ""), button ?? { type: "default" });
      return ok(true);
    },

    getChatMenuButton: ({ params: p }) =>
      ok(state.menuButtons.get(String(p.chat_id ?? "")) ?? state.menuButtons.get("") ?? { type: "commands" }),

    setMyDescription: () => ok(true),
    setMyShortDescription: () => ok(true),
    setMyName: () => ok(true),

    setWebhook: ({ params: p }) => {
      if (typeof p.url !== "string") return badRequest("bad webhook: URL must be provided for webhook");
      if (p.url === "") {
        state.webhook = undefined;
        return ok(true);
      }
      if (!p.url.startsWith("https://")) return badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      if (p.drop_pending_updates === true) state.updates = [];
      state.webhook = { url: p.url };
      if (typeof p.secret_token === "string") state.webhook.secretToken = p.secret_token;
      if (Array.isArray(p.allowed_updates)) state.webhook.allowedUpdates = p.allowed_updates as string[];
      return ok(true);
    },

    deleteWebhook: ({ params: p }) => {
      state.webhook = undefined;
      if (p.drop_pending_updates === true) state.updates = [];
      return ok(true);
    },

    getWebhookInfo: () => {
      const info: WebhookInfo = {
        url: state.webhook?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: state.updates.length,
      };
      if (state.webhook) {
        info.max_connections = 40;
        info.ip_address = "149.154.167.220";
        if (state.webhook.allowedUpdates) info.allowed_updates = state.webhook.allowedUpdates as WebhookInfo["allowed_updates"];
      }
      return ok(info);
    },

    getUpdates: async ({ params: p }, res) => {
      if (state.webhook) {
        return apiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      }
      const offset = typeof p.offset === "number" ? p.offset : undefined;
      if (offset !== undefined) {
        state.updates = offset < 0 ? state.updates.slice(offset) : state.updates.filter((u) => u.update_id >= offset);
      }
      const limit = typeof p.limit === "number" ? Math.min(100, Math.max(1, p.limit)) : 100;
      const timeoutMs = typeof p.timeout === "number" ? Math.min(p.timeout * 1000, maxPollMs) : 0;
      if (state.updates.length === 0 && timeoutMs > 0 && !closed) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(t);
            timers.delete(t);
            pollWaiters.delete(done);
            res.off("close", done);
            resolve();
          };
          const t = setTimeout(done, timeoutMs);
          timers.add(t);
          pollWaiters.add(done);
          res.once("close", done);
        });
      }
      return ok(state.updates.slice(0, limit));
    },
  };
  const handlerByName = new Map(Object.entries(handlers).map(([name, fn]) => [name.toLowerCase(), { name, fn }]));

  // --- request pipeline -------------------------------------------------------------------

  const decide = async (call: FakeCall, tokenOk: boolean, res: ServerResponse): Promise<FakeResponse> => {
    if (!tokenOk) return unauthorized();
    const queue = state.scripts.get(call.method.toLowerCase());
    const next = queue?.shift();
    if (next !== undefined) {
      const scripted = typeof next === "function" ? next(call) : next;
      if (scripted) return scripted;
    }
    if (call.chatId !== undefined) {
      const limit = state.rateLimit;
      if (limit) {
        const t = Date.now();
        state.accepted = state.accepted.filter((a) => a > t - 1000);
        if (t < state.floodUntil) return tooManyRequests(Math.max(1, Math.ceil((state.floodUntil - t) / 1000)));
        if (state.accepted.length >= limit.perSecond) {
          const oldest = state.accepted[0] ?? t;
          state.floodUntil = limit.retryAfter !== undefined ? t + limit.retryAfter * 1000 : oldest + 1000;
          return tooManyRequests(limit.retryAfter ?? Math.max(1, Math.ceil((state.floodUntil - t) / 1000)));
        }
        state.accepted.push(t);
      }
      const rule = state.chatRules.get(String(call.chatId));
      if (rule) return { ...rule };
    }
    const handler = handlerByName.get(call.method.toLowerCase());
    if (!handler) return notFound();
    call.method = handler.name;
    return handler.fn(call, res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const match = /^\/bot([^/]*)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!match) return send(res, notFound());
    const [, sentToken, method] = match as unknown as [string, string, string];
    const { params, files } = parseParams(req, url, body);
    const call: FakeCall = { method, params, at };
    const chatId = params.chat_id;
    if (typeof chatId === "number" || (typeof chatId === "string" && chatId !== "")) call.chatId = chatId;
    if (files.length > 0) call.files = files;
    calls.push(call);

    const response = await decide(call, decodeURIComponent(sentToken) === token, res);
    call.response = response;
    for (const listener of [...callListeners]) listener();
    const delay = response.delayMs ?? state.methodDelays.get(call.method.toLowerCase()) ?? state.delayMs;
    await sleep(delay);
    send(res, response);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(res, apiError(500, `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  });
  server.keepAliveTimeout = options.keepAliveMs ?? 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    botInfo,
    calls,
    get pendingUpdates() {
      return state.updates;
    },
    get webhook() {
      return state.webhook;
    },
    callsTo: (method) => calls.filter((c) => c.method.toLowerCase() === method.toLowerCase()),
    waitFor: (method, count = 1, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = fake.callsTo(method).filter((c) => c.response !== undefined);
          if (found.length < count) return false;
          clearTimeout(timer);
          callListeners.delete(listener);
          resolve(found);
          return true;
        };
        const listener = () => {
          check();
        };
        const timer = setTimeout(() => {
          callListeners.delete(listener);
          reject(
            new Error(
              `fake Telegram: expected ${count} call(s) to ${method} within ${timeoutMs} ms, got ${fake.callsTo(method).length}`,
            ),
          );
        }, timeoutMs);
        callListeners.add(listener);
        check();
      }),
    script: (method, responses) => {
      const key = method.toLowerCase();
      state.scripts.set(key, [...(state.scripts.get(key) ?? []), ...responses]);
    },
    slow: (ms, method) => {
      if (method === undefined) state.delayMs = ms;
      else if (ms > 0) state.methodDelays.set(method.toLowerCase(), ms);
      else state.methodDelays.delete(method.toLowerCase());
    },
    blockChat: (chatId, response = blocked()) => {
      state.chatRules.set(String(chatId), response);
    },
    unblockChat: (chatId) => {
      state.chatRules.delete(String(chatId));
    },
    rateLimit: (limit) => {
      state.rateLimit = limit;
      state.accepted = [];
      state.floodUntil = 0;
    },
    queueUpdate: (input) => {
      const update = structuredClone(input) as Update;
      if (typeof update.update_id !== "number") update.update_id = state.lastUpdateId > 0 ? state.lastUpdateId + 1 : 900_000_001;
      state.lastUpdateId = Math.max(state.lastUpdateId, update.update_id);
      for (const chat of chatsIn(update)) state.knownChats.set(String(chat.id), chat);
      state.updates.push(update);
      wakePollers();
      return update;
    },
    tooManyRequests,
    blocked,
    deactivated,
    notModified,
    messageToEditNotFound,
    serverError,
    reset: () => {
      calls.length = 0;
      state = fresh();
      wakePollers();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      wakePollers();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Let answers that were just released go out before the sockets are cut.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function send(res: ServerResponse, response: FakeResponse): void {
  if (res.destroyed || res.writableEnded) return;
  if ("drop" in response) {
    res.socket?.destroy();
    return;
  }
  if (response.ok === true) {
    const body = JSON.stringify({ ok: true, result: response.result });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (response.rawBody !== undefined) {
    res.writeHead(response.status, { "content-type": "text/html", "content-length": Buffer.byteLength(response.rawBody) });
    res.end(response.rawBody);
    return;
  }
  const payload: Record<string, unknown> = { ok: false, error_code: response.error_code, description: response.description };
  if (response.parameters) payload.parameters = response.parameters;
  const body = JSON.stringify(payload);
  res.writeHead(response.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Params whose string values stay strings when they arrive as form fields or query parameters. */
const TEXT_PARAMS = new Set([
  "text",
  "caption",
  "description",
  "short_description",
  "name",
  "title",
  "question",
  "explanation",
  "secret_token",
  "url",
  "callback_query_id",
  "inline_message_id",
  "language_code",
  "parse_mode",
  "photo",
  "document",
  "voice",
  "sticker",
  "audio",
  "video",
  "animation",
  "thumbnail",
  "certificate",
  "ip_address",
]);

function coerce(key: string, value: string): unknown {
  if (TEXT_PARAMS.has(key)) return value;
  if (/^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (value === "true") return true;
  if (value === "false") return false;
  if (value.startsWith("{") || value.startsWith("[")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function parseParams(req: IncomingMessage, url: URL, body: Buffer): { params: Record<string, unknown>; files: FakeFile[] } {
  const params: Record<string, unknown> = {};
  const files: FakeFile[] = [];
  for (const [key, value] of url.searchParams) params[key] = coerce(key, value);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return { params, files };
  if (type.startsWith("application/json")) {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    Object.assign(params, asObject(parsed) ?? {});
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = coerce(key, value);
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers["content-type"] ?? "");
    const parts = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? "");
    for (const part of parts) {
      if (part.filename === undefined) params[part.name] = coerce(part.name, part.content.toString("utf8"));
      else files.push({ field: part.name, filename: part.filename, size: part.content.length, bytes: part.content });
    }
    for (const file of files) {
      const param = Object.entries(params).find(([, v]) => v === `attach://${file.field}`)?.[0];
      if (param) file.param = param;
    }
  }
  return { params, files };
}

type Part = { name: string; filename?: string; content: Buffer };

/** Enough of RFC 7578 for grammY's own encoder (which writes `content-disposition:form-data;name="x"`). */
function parseMultipart(body: Buffer, boundary: string): Part[] {
  const parts: Part[] = [];
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      if (name !== undefined) {
        const entry: Part = { name, content: part.subarray(headerEnd + 4) };
        if (filename) entry.filename = filename[1] ?? filename[2] ?? "";
        parts.push(entry);
      }
    }
    pos = next;
  }
  return parts;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string" && (value.startsWith("{") || value.startsWith("["))) {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function chatsIn(update: Update): Chat[] {
  const chats: Chat[] = [];
  for (const [key, value] of Object.entries(update)) {
    if (key === "update_id") continue;
    const v = asObject(value);
    const chat = asObject(v?.chat) ?? asObject(asObject(v?.message)?.chat);
    if (chat && typeof chat.id === "number" && typeof chat.type === "string") chats.push(chat as unknown as Chat);
  }
  return chats;
}

function mimeOf(filename: string): string {
  const ext = filename.split(".").pop()?.toLowerCase();
  switch (ext) {
    case "pdf":
      return "application/pdf";
    case "csv":
      return "text/csv";
    case "txt":
      return "text/plain";
    case "json":
      return "application/json";
    case "xlsx":
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case "zip":
      return "application/zip";
    case "jpg":
    case "jpeg":
      return "image/jpeg";
    case "png":
      return "image/png";
    default:
      return "application/octet-stream";
  }
}

/** A script entry that consumes one call and falls through to the default behaviour. */
export const passThrough: FakeScript = () => undefined;
