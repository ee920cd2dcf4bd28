import type { Channel } from "../../src/channels/types.ts";
import { viber } from "../../src/channels/viber/index.ts";
import { loadConfig } from "../../src/config.ts";
import { createApp } from "../../src/http/app.ts";
import { createDrainer } from "../../src/outbox/drain.ts";
import { createReceive } from "../../src/usecases/receive.ts";
import type { RespondDeps } from "../../src/usecases/respond.ts";
import { createMarkUnreachable } from "../../src/usecases/unreachable.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "./db.ts";
import { bigJson, type FakeViber, sign, startFakeViber } from "./fake-viber.ts";
import { captureLog } from "./telegram.ts";

export const BOT_NAME = "Glas";
export const SIGNATURE_HEADER = "X-Viber-Content-Signature";

/**
 * The real Viber channel as compose.ts registers it, with the real inbound use case, the app,
 * viber-bot's real message classes and the real outbox, against a fake Viber REST API on loopback.
 */
export async function viberHarness(options: { respond?: Partial<RespondDeps> } = {}) {
  const db: TestDatabase = freshDatabase();
  await withDefaults(db);
  const fake: FakeViber = await startFakeViber();
  const log = captureLog();
  const config = loadConfig({
    DATABASE_URL: db.url,
    VIBER_AUTH_TOKEN: fake.token,
    VIBER_BOT_NAME: BOT_NAME,
    VIBER_API_ROOT: fake.url,
  });
  const receive = createReceive({
    store: db.store,
    respond: { ...respondDeps(db.store), log, ...options.respond },
    log,
    wake: () => {},
  });
  const channel = viber.create({ config, receive, files: db.store.files, t, log }) as Channel;
  // The composed drainer, without its one-message-a-second pace per person (tests run faster).
  const drainer = createDrainer({
    outbox: db.store.outbox,
    senders: { viber: channel.sender },
    limits: { viber: { perSecond: 10_000, perRecipientMs: 0 } },
    log,
    now: () => new Date(),
    sleep: async () => {},
    onStopped: createMarkUnreachable({ respondents: db.store.respondents, log }),
  });
  const routes = channel.routes ? [channel.routes] : [];
  const app = createApp({ log, pingDatabase: () => db.store.ping(), channels: { telegram: "off", viber: "on" }, routes });

  async function drain(): Promise<void> {
    for (let i = 0; i < 50; i++) if ((await drainer.drainOnce()) === 0) return;
  }

  /** Posts a body signed with the account's token (unless the headers say otherwise). */
  async function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
    return await app.request("/viber/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(fake.token, body), ...headers },
      body,
    });
  }

  return {
    db,
    fake,
    log,
    app,
    routes,
    drain,
    post,
    /** Posts a callback and sends what it queued. */
    async deliver(body: string): Promise<Response> {
      const response = await post(body);
      await drain();
      return response;
    },
    count(table: string, where = "1=1", ...params: unknown[]): number {
      return (db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;
    },
    async close() {
      await fake.close();
      await db.close();
    },
  };
}

export type ViberHarness = Awaited<ReturnType<typeof viberHarness>>;

let nextToken = 6_100_000_000_000_000_000n;

/** A fresh message token, beyond JavaScript's safe integers as Viber's are. */
export function messageToken(): string {
  nextToken += 7n;
  return String(nextToken);
}

export type Received = {
  via: "welcome" | "send_message";
  at: number;
  text?: string;
  keyboard?: { Type: string; DefaultHeight: boolean; Buttons: Record<string, unknown>[] };
  body: Record<string, unknown>;
};

/** A person in Viber, opening the bot, typing and tapping as Viber's callbacks tell it. */
export function viberUser(
  h: Pick<ViberHarness, "fake" | "post" | "drain" | "deliver">,
  options: { id: string; language?: string; name?: string },
) {
  const profile = {
    id: options.id,
    name: options.name ?? "Test Person",
    avatar: "https://media-direct.cdn.viber.com/download_photo?dlid=fake&fltp=jpg&imsz=0000",
    language: options.language ?? "ro",
    country: "MD",
    api_version: 10,
  };
  const welcomes: Received[] = [];

  function received(): Received[] {
    const sent = h.fake.sentTo(options.id).map(
      (c): Received => ({
        via: "send_message",
        at: c.at,
        body: c.body,
        ...(typeof c.body.text === "string" ? { text: c.body.text } : {}),
        ...(c.body.keyboard ? { keyboard: c.body.keyboard as Received["keyboard"] } : {}),
      }),
    );
    return [...welcomes, ...sent].sort((a, b) => a.at - b.at);
  }

  function lastKeyboard(): NonNullable<Received["keyboard"]> {
    const keyboard = received().findLast((m) => m.keyboard)?.keyboard;
    if (!keyboard) throw new Error("no keyboard was sent");
    return keyboard;
  }

  const base = () => ({ timestamp: Date.now(), chat_hostname: "SN-CHAT-05_", message_token: messageToken() });

  return {
    profile,
    received,
    lastKeyboard,
    /** The last text received, if any. */
    lastText(): string | undefined {
      return received().findLast((m) => m.text !== undefined)?.text;
    },
    conversationStarted(extra: { context?: string; subscribed?: boolean } = {}): string {
      return bigJson({
        event: "conversation_started",
        ...base(),
        type: "open",
        ...(extra.context !== undefined ? { context: extra.context } : {}),
        user: profile,
        subscribed: extra.subscribed ?? false,
      });
    },
    message(message: Record<string, unknown>, token = messageToken()): string {
      return bigJson({ event: "message", ...base(), message_token: token, sender: profile, message, silent: false });
    },
    textMessage(text: string, token?: string): string {
      return this.message({ type: "text", text }, token);
    },
    /** What Viber sends when button N (1-based) of the latest keyboard is tapped. */
    tapMessage(n: number, token?: string): string {
      const button = lastKeyboard().Buttons[n - 1];
      if (!button) throw new Error(`no button ${n}`);
      return this.message({ type: "text", text: String(button.ActionBody) }, token);
    },
    event(event: "subscribed" | "unsubscribed"): string {
      return event === "subscribed"
        ? bigJson({ event, ...base(), user: profile })
        : bigJson({ event, ...base(), user_id: options.id });
    },
    /** Opens the chat (from a poster's QR code: `context`); the welcome comes in the webhook's answer. */
    async open(extra: { context?: string; subscribed?: boolean } = {}): Promise<Response> {
      const response = await h.post(this.conversationStarted(extra));
      const text = await response.clone().text();
      if (text !== "") {
        const body = JSON.parse(text) as Record<string, unknown>;
        welcomes.push({
          via: "welcome",
          at: Date.now(),
          body,
          ...(typeof body.text === "string" ? { text: body.text } : {}),
          ...(body.keyboard ? { keyboard: body.keyboard as Received["keyboard"] } : {}),
        });
      }
      await h.drain();
      return response;
    },
    text(text: string): Promise<Response> {
      return h.deliver(this.textMessage(text));
    },
    tap(n: number): Promise<Response> {
      return h.deliver(this.tapMessage(n));
    },
    /** Taps the button whose label is `label`. */
    tapLabel(label: string): Promise<Response> {
      const index = lastKeyboard().Buttons.findIndex((b) => b.Text === label);
      if (index < 0) throw new Error(`no button "${label}"`);
      return this.tap(index + 1);
    },
  };
}
