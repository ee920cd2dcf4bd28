import type { Update, UserFromGetMe } from "grammy/types";
import { createTelegramChannel } from "../../src/channels/telegram/index.ts";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { createApp } from "../../src/http/app.ts";
import type { Logger } from "../../src/log.ts";
import { createDrainer } from "../../src/outbox/drain.ts";
import { createReceive } from "../../src/usecases/receive.ts";
import type { RespondDeps } from "../../src/usecases/respond.ts";
import { createMarkUnreachable } from "../../src/usecases/unreachable.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "./db.ts";
import { type FakeCall, type FakeTelegram, startFakeTelegram } from "./fake-telegram.ts";

export const SECRET = "test-webhook-secret_0123456789";

/** Button taps through the whole default survey after its consent, ending at the typed comment. */
export const DEFAULT_SURVEY_TAPS = [2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];

/** Log lines captured as JSON strings, to assert what must never be logged. */
export function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: Record<string, unknown>, msg: string) => {
    lines.push(JSON.stringify({ level, msg, ...fields }));
  };
  return { lines, debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/**
 * The real app, the real grammY code and the real outbox, against a fake Bot API on loopback.
 * `now` fixes the clock events are stamped with; `respond` overrides use-case settings.
 */
export async function telegramHarness(options: { now?: () => Date; respond?: Partial<RespondDeps> } = {}) {
  const db: TestDatabase = freshDatabase();
  await withDefaults(db);
  const fake: FakeTelegram = await startFakeTelegram();
  const log = captureLog();
  const me = fake.botInfo as UserFromGetMe;
  const receive = createReceive({
    store: db.store,
    respond: { ...respondDeps(db.store), log, ...options.respond },
    log,
    wake: () => {},
  });
  const channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    secret: SECRET,
    receive,
    files: db.store.files,
    t,
    log,
    me,
    ...(options.now ? { now: options.now } : {}),
  });
  const drainer = createDrainer({
    outbox: db.store.outbox,
    senders: { telegram: channel.sender },
    limits: { telegram: { perSecond: 10_000, perRecipientMs: 0 } },
    log,
    now: () => new Date(),
    sleep: async () => {},
    onStopped: createMarkUnreachable({ respondents: db.store.respondents, log }),
  });
  const app = createApp({
    log,
    pingDatabase: () => db.store.ping(),
    channels: { telegram: "on", viber: "off" },
    routes: [channel.routes],
  });

  async function drain(): Promise<void> {
    for (let i = 0; i < 50; i++) if ((await drainer.drainOnce()) === 0) return;
  }

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return await app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  return {
    db,
    fake,
    log,
    app,
    channel,
    drain,
    post,
    /** Posts an update and sends what it queued. */
    async deliver(update: unknown): Promise<Response> {
      const response = await post(update);
      await drain();
      return response;
    },
    async close() {
      await fake.close();
      await db.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof telegramHarness>>;

let nextUpdateId = 500_000_000;

/** A person in a private chat, writing and tapping buttons as Telegram would send it. */
export function telegramUser(
  h: Pick<Harness, "fake" | "deliver">,
  options: { id: number; language?: string; firstName?: string },
) {
  const from = {
    id: options.id,
    is_bot: false,
    first_name: options.firstName ?? "Maria",
    language_code: options.language ?? "ro",
  };
  const chat = { id: options.id, type: "private" as const, first_name: from.first_name };
  const sentToMe = (): FakeCall[] =>
    h.fake.calls.filter((c) => String(c.chatId) === String(options.id) && c.method === "sendMessage");
  const lastKeyboardMessage = () => {
    const withKeyboard = sentToMe().filter((c) => c.params.reply_markup);
    const call = withKeyboard[withKeyboard.length - 1];
    if (!call) throw new Error("no message with buttons was sent");
    const result = (call.response as { result?: { message_id: number } } | undefined)?.result;
    const keyboard = (call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    return { call, messageId: result?.message_id ?? 0, text: String(call.params.text), buttons: keyboard.flat() };
  };
  return {
    from,
    chat,
    sentToMe,
    lastKeyboardMessage,
    /** The update, without sending it (for redelivery tests). */
    textUpdate(text: string): Update {
      const entities = text.startsWith("/")
        ? [{ offset: 0, length: text.split(" ")[0]?.length ?? 1, type: "bot_command" as const }]
        : undefined;
      return {
        update_id: ++nextUpdateId,
        message: {
          message_id: nextUpdateId,
          from,
          chat,
          date: Math.floor(Date.now() / 1000),
          text,
          ...(entities ? { entities } : {}),
        },
      } as Update;
    },
    pressUpdate(data: string, message = lastKeyboardMessage()): Update {
      return {
        update_id: ++nextUpdateId,
        callback_query: {
          id: String(nextUpdateId * 7),
          from,
          chat_instance: "-4242",
          data,
          message: {
            message_id: message.messageId,
            from: { id: 123456, is_bot: true, first_name: "Glas" },
            chat,
            date: Math.floor(Date.now() / 1000),
            text: message.text,
          },
        },
      } as Update;
    },
    text(text: string) {
      return h.deliver(this.textUpdate(text));
    },
    /** Taps the Nth button (1-based) of the latest message with buttons. */
    async tap(n: number) {
      const message = lastKeyboardMessage();
      const button = message.buttons[n - 1];
      if (!button) throw new Error(`no button ${n} on "${message.text.slice(0, 40)}"`);
      return h.deliver(this.pressUpdate(button.callback_data, message));
    },
  };
}
