import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SendError } from "../../../src/channels/send-error.ts";
import {
  createViberApi,
  createViberSender,
  keyboardMessage,
  parseViberJson,
  readMessage,
  textMessage,
  type ViberKeyboard,
} from "../../../src/channels/viber/client.ts";
import { accountInfo, setViberWebhook } from "../../../src/channels/viber/setup.ts";
import { createDrainer } from "../../../src/outbox/drain.ts";
import { freshDatabase, type TestDatabase } from "../../support/db.ts";
import {
  badData,
  type FakeViber,
  type FakeViberAnswer,
  networkError,
  notRegistered,
  notSubscribed,
  serverError,
  startFakeViber,
  tooManyRequests,
} from "../../support/fake-viber.ts";
import { captureLog } from "../../support/telegram.ts";

let fake: FakeViber;
beforeAll(async () => {
  fake = await startFakeViber();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const api = (options: { token?: string; timeoutMs?: number } = {}) =>
  createViberApi({
    token: options.token ?? fake.token,
    apiRoot: fake.url,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
const sender = (options: { token?: string; timeoutMs?: number } = {}) => createViberSender(api(options), { botName: "Glas" });
const hello = textMessage("Bună ziua");
const USER = "01234567890A=";

async function failure(promise: Promise<unknown>): Promise<SendError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SendError);
  return error as SendError;
}

describe("the Viber sender", () => {
  it("sends through VIBER_API_ROOT with the token in its header, and keeps every digit of the message token", async () => {
    const result = await sender().send(USER, hello);
    const [call] = fake.callsTo("send_message");
    expect(call?.headers["x-viber-auth-token"]).toBe(fake.token);
    expect(call?.body).toEqual({ type: "text", text: "Bună ziua", receiver: USER, sender: { name: "Glas" } });
    expect(call?.raw).not.toContain(fake.token);
    expect(result.externalId).toBe(call?.messageToken);
    expect(result.externalId).toMatch(/^\d{19}$/);
    expect(BigInt(result.externalId ?? "0")).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it("honours a VIBER_API_ROOT with a trailing slash, and no other host is called", async () => {
    await createViberSender(createViberApi({ token: fake.token, apiRoot: `${fake.url}/` }), { botName: "Glas" }).send(
      USER,
      hello,
    );
    expect(fake.calls.map((c) => c.endpoint)).toEqual(["send_message"]);
  });

  it.each([
    { label: "status 6 receiverNotSubscribed", answer: notSubscribed(), kind: "stopped", code: 6 },
    { label: "status 5 receiverNotRegistered", answer: notRegistered(), kind: "stopped", code: 5 },
    { label: "status 12 tooManyRequests", answer: tooManyRequests(), kind: "throttled", code: 12 },
    { label: "status 3 badData", answer: badData(), kind: "failed", code: 3 },
    {
      label: "status 7 publicAccountBlocked",
      answer: { status: 7, status_message: "publicAccountBlocked" },
      kind: "failed",
      code: 7,
    },
    { label: "an HTTP 502 page", answer: serverError(), kind: "retry", code: 502 },
    { label: "an HTTP 429", answer: { http: 429 }, kind: "throttled", code: 429 },
    { label: "an HTTP 404", answer: { http: 404, body: "Not Found" }, kind: "failed", code: 404 },
    { label: "an unreadable 200", answer: { http: 200, body: "<html>maintenance</html>" }, kind: "retry", code: 200 },
    { label: "a dropped connection", answer: networkError(), kind: "retry", code: null },
  ] as { label: string; answer: FakeViberAnswer; kind: string; code: number | null }[])(
    "maps $label to $kind",
    async ({ answer, kind, code }) => {
      fake.script("send_message", [answer]);
      const error = await failure(sender().send(USER, hello));
      expect(error).toMatchObject({ kind, code });
      expect(error.message).not.toContain(fake.token);
    },
  );

  it("maps a person who left (status 6 for that person) to stopped", async () => {
    fake.unsubscribe(USER);
    expect(await failure(sender().send(USER, hello))).toMatchObject({ kind: "stopped", code: 6 });
    await expect(sender().send("b3RoZXJQZXJzb24wMQ==", hello)).resolves.toMatchObject({ externalId: expect.any(String) });
  });

  it("maps Viber's rate limiting to throttled", async () => {
    fake.rateLimit(1);
    await sender().send(USER, hello);
    expect(await failure(sender().send(USER, hello))).toMatchObject({ kind: "throttled", code: 12 });
  });

  it("maps a slow answer, past the timeout, to retry", async () => {
    fake.slow(400);
    expect(await failure(sender({ timeoutMs: 100 }).send(USER, hello))).toMatchObject({ kind: "retry", code: null });
  });

  it("maps a wrong token to failed, without the token in the error", async () => {
    const other = "0000000000000000-0000000000000000-0000000000000000";
    const error = await failure(sender({ token: other }).send(USER, hello));
    expect(error).toMatchObject({ kind: "failed", code: 2 });
    expect(error.message).toContain("invalidAuthToken");
    expect(error.message).not.toContain(other);
  });

  it("refuses a payload that is not a message, without calling Viber", async () => {
    await expect(sender().send(USER, "hello")).rejects.toMatchObject({ kind: "failed" });
    expect(fake.calls).toHaveLength(0);
  });

  it("never writes the token in the logs, through the outbox, whatever Viber answers", async () => {
    const db: TestDatabase = freshDatabase();
    try {
      const log = captureLog();
      const answers: FakeViberAnswer[] = [notSubscribed(), serverError(), networkError(), badData(), tooManyRequests()];
      fake.script("send_message", answers);
      await db.store.outbox.enqueue(
        answers.map((_, i) => ({
          channel: "viber",
          recipient: `dXNlcjAw${i}`,
          respondentId: null,
          payload: hello,
          priority: 0,
          dedupeKey: `test:${i}`,
        })),
      );
      const drainer = createDrainer({
        outbox: db.store.outbox,
        senders: { viber: sender() },
        limits: {},
        log,
        now: () => new Date(),
      });
      expect(await drainer.drainOnce()).toBe(answers.length);
      expect(log.lines.length).toBeGreaterThanOrEqual(answers.length);
      expect(log.lines.join("\n")).not.toContain(fake.token);
      expect(log.lines.join("\n")).not.toContain("Bună ziua");
    } finally {
      await db.close();
    }
  });
});

describe("set_webhook and get_account_info", () => {
  it("registers PUBLIC_URL/viber/webhook with the events Glas reads, once Viber's check gets a 200", async () => {
    fake.verifyWebhooks(false);
    const result = await setViberWebhook(api(), "https://glas.example.md/");
    expect(result.url).toBe("https://glas.example.md/viber/webhook");
    expect(fake.callsTo("set_webhook")[0]?.body).toEqual({
      url: "https://glas.example.md/viber/webhook",
      event_types: ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"],
      send_name: false,
      send_photo: false,
    });
  });

  it("fails when the URL does not answer Viber's check", async () => {
    const error = await failure(setViberWebhook(api(), "http://127.0.0.1:1"));
    expect(error).toMatchObject({ kind: "failed", code: 1 });
  });

  it("reads the account's name and URI", async () => {
    await expect(accountInfo(api())).resolves.toEqual({ id: fake.account.id, name: "Glas Test", uri: "glastest" });
  });
});

describe("viber-bot's message classes", () => {
  const kb: ViberKeyboard = {
    Type: "keyboard",
    DefaultHeight: false,
    Buttons: [
      { Columns: 6, Rows: 1, ActionType: "reply", ActionBody: "btn:q0:1", Text: "Da", TextSize: "regular", Silent: true },
    ],
  };

  it("build a text message with its keyboard, and a keyboard alone", () => {
    expect(textMessage("Întrebarea 1", kb)).toEqual({ type: "text", text: "Întrebarea 1", keyboard: kb });
    expect(keyboardMessage(kb)).toEqual({ keyboard: kb });
  });

  it("refuse an empty text", () => {
    expect(() => textMessage("")).toThrow(/text/);
  });

  it("read text as text, and anything else as what it is", () => {
    expect(readMessage({ message: { type: "text", text: "salut", tracking_data: "{}" } } as never)).toEqual({
      kind: "text",
      text: "salut",
    });
    expect(readMessage({ message: { type: "picture", media: "https://x/y.jpg", text: "caption" } } as never)).toEqual({
      kind: "other",
      type: "picture",
    });
    expect(readMessage({ message: { type: "constructor" } })).toEqual({ kind: "other", type: "constructor" });
  });
});

describe("parseViberJson", () => {
  it("keeps every digit of 64-bit integers and refuses what is not JSON", () => {
    const parsed = parseViberJson('{"message_token":4912661846655238145,"timestamp":1457764197627}');
    expect(parsed).toEqual({ ok: true, value: { message_token: "4912661846655238145", timestamp: 1457764197627 } });
    expect(parseViberJson('{"a":')).toEqual({ ok: false });
    expect(parseViberJson("[".repeat(50_000))).toEqual({ ok: false });
  });
});
