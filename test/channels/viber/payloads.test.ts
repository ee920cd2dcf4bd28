import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseViberJson } from "../../../src/channels/viber/client.ts";
import { t } from "../../support/db.ts";
import { type ViberFixtureName, viberFixture } from "../../support/fake-viber.ts";
import { type ViberHarness, viberHarness, viberUser } from "../../support/viber.ts";

/**
 * Every callback Viber documents (names and ids faked), signed, through the real webhook: the
 * status, what is stored, what is sent, and what the webhook answers itself.
 */

let h: ViberHarness;
beforeAll(async () => {
  h = await viberHarness();
});
afterAll(() => h.close());

type Callback = {
  event: string;
  message_token?: string;
  user?: { id: string; language?: string };
  sender?: { id: string; language?: string };
  user_id?: string;
};

type Case = {
  label: string;
  fixture: ViberFixtureName;
  /** Opens the chat first, as the same person. */
  opened?: boolean;
  /** The person is a respondent afterwards (false: the callback created no one). */
  stored: boolean;
  /** The status they have afterwards, if stored. */
  status?: "active" | "stopped";
  /** What is sent through send_message: an i18n key the text holds, the greeting, or nothing. */
  sent: string | "greeting" | null;
  /** The webhook's own answer: Viber's welcome (with its language keyboard), or empty. */
  welcome: boolean;
  remembered: 0 | 1;
};

describe("POST /viber/webhook, one case per callback", () => {
  it.each<Case>([
    { label: "webhook", fixture: "webhook", stored: false, sent: null, welcome: false, remembered: 0 },
    {
      label: "webhook whose timestamp has 19 digits",
      fixture: "webhook-long-timestamp",
      stored: false,
      sent: null,
      welcome: false,
      remembered: 0,
    },
    {
      label: "webhook whose timestamp is a string of digits",
      fixture: "webhook-string-timestamp",
      stored: false,
      sent: null,
      welcome: false,
      remembered: 0,
    },
    {
      label: "conversation_started from a poster (context)",
      fixture: "conversation-started",
      stored: true,
      status: "active",
      sent: null,
      welcome: true,
      remembered: 1,
    },
    {
      label: "conversation_started without context",
      fixture: "conversation-started-no-context",
      stored: true,
      sent: null,
      welcome: true,
      remembered: 1,
    },
    {
      label: "conversation_started without a message token",
      fixture: "conversation-started-no-token",
      stored: true,
      sent: null,
      welcome: true,
      remembered: 0,
    },
    { label: "subscribed", fixture: "subscribed", stored: true, status: "active", sent: null, welcome: false, remembered: 0 },
    {
      label: "unsubscribed",
      fixture: "unsubscribed",
      stored: true,
      status: "stopped",
      sent: null,
      welcome: false,
      remembered: 0,
    },
    { label: "delivered", fixture: "delivered", stored: true, sent: null, welcome: false, remembered: 0 },
    { label: "seen", fixture: "seen", stored: true, sent: null, welcome: false, remembered: 0 },
    { label: "failed", fixture: "failed", stored: true, sent: null, welcome: false, remembered: 0 },
    { label: "a text message", fixture: "message-text", stored: true, sent: "greeting", welcome: false, remembered: 1 },
    {
      label: "a tap (with tracking data) from someone never met",
      fixture: "message-tracking-data",
      stored: false,
      sent: null,
      welcome: false,
      remembered: 0,
    },
    ...(["picture", "video", "file", "sticker", "contact", "location", "url"] as const).map(
      (fixture): Case => ({
        label: `a ${fixture} message`,
        fixture,
        opened: true,
        stored: true,
        sent: "survey.reask.unsupported",
        welcome: false,
        remembered: 1,
      }),
    ),
    {
      label: "a message from an id that is no Viber id",
      fixture: "message-invalid-sender",
      stored: false,
      sent: null,
      welcome: false,
      remembered: 0,
    },
  ])("$label", async ({ fixture, opened, stored, status, sent, welcome, remembered }) => {
    const body = viberFixture(fixture);
    const parsed = parseViberJson(body);
    if (!parsed.ok) throw new Error("fixture is not JSON");
    const callback = parsed.value as Callback;
    const who = callback.user?.id ?? callback.sender?.id ?? callback.user_id ?? null;
    const language = callback.user?.language ?? callback.sender?.language ?? "ro";
    if (who && opened) await viberUser(h, { id: who, language }).open();
    const known = who ? h.count("Respondent", `"platformId" = ?`, who) : 0;
    const calls = who ? h.fake.sentTo(who).length : 0;

    const response = await h.post(body);
    await h.drain();
    expect(response.status).toBe(200);
    const answer = await response.text();
    if (welcome)
      expect(JSON.parse(answer)).toMatchObject({ type: "text", sender: { name: "Glas" }, keyboard: { Type: "keyboard" } });
    else expect(answer).toBe("");

    if (who) expect(h.count("Respondent", `"platformId" = ?`, who)).toBe(stored ? Math.max(known, 1) : known);
    if (who && status) expect(h.count("Respondent", `"platformId" = ? AND status = ?`, who, status)).toBe(1);
    if (callback.message_token) {
      expect(h.count("ProcessedUpdate", `"externalId" = ?`, callback.message_token)).toBe(remembered);
    }
    const replies = who ? h.fake.sentTo(who).slice(calls) : [];
    if (sent === null) expect(replies).toEqual([]);
    else if (sent === "greeting") expect(replies.length).toBeGreaterThan(0);
    else {
      expect(replies).toHaveLength(1);
      expect(String(replies[0]?.body.text)).toContain(t(language as "ro", sent));
    }
  });
});

describe("Viber's own language, before the person chooses one", () => {
  it("says 'we continue' and 'welcome back' in the phone's language above the language menu", async () => {
    const user = viberUser(h, { id: "TGFuZ0JlZm9yZTAwMQ==", language: "en" });
    await user.open();
    await user.text("hello");
    await h.deliver(user.event("unsubscribed"));
    await user.open();
    const welcome = user.received().findLast((m) => m.via === "welcome");
    expect(welcome?.text?.startsWith(t("en", "command.start.resubscribed"))).toBe(true);
    expect(welcome?.text).toContain(t("en", "survey.resumed"));
    expect(welcome?.text).not.toContain(t("ro", "survey.resumed"));
    // Still the language menu: the phone's language is not taken as the person's choice.
    expect(welcome?.keyboard?.Buttons.map((b) => b.ActionBody)).toEqual([
      "btn:lang:ro",
      "btn:lang:ru",
      "btn:lang:uk",
      "btn:lang:en",
    ]);
  });

  it("asks, from a poster's context during an unfinished survey, whether to continue or start about it", async () => {
    const user = viberUser(h, { id: "Q29udGV4dE1pZDAwMg==", language: "ru" });
    await user.open();
    await user.tapLabel("Русский");
    await user.tap(1); // agree
    await user.tap(1); // first answer, credited to no service
    await user.open({ context: "svc_DEMO" });
    const welcome = user.received().findLast((m) => m.via === "welcome");
    expect(welcome?.text).toContain(t("ru", "survey.serviceChoice.question", { service: "Demo day centre" }));
    expect(welcome?.keyboard?.Buttons.map((b) => b.ActionBody)).toEqual(["btn:svc:keep:DEMO", "btn:svc:new:DEMO"]);
    await user.tap(2);
    expect(user.lastText()).toContain(t("ru", "survey.serviceChoice.start", { service: "Demo day centre" }));
    const session = h.db.sql
      .prepare(`SELECT state FROM "Session" WHERE "respondentId" = (SELECT id FROM "Respondent" WHERE "platformId" = ?)`)
      .get(user.profile.id) as { state: string };
    expect(JSON.parse(session.state)).toMatchObject({ service: "DEMO", phase: "consent" });
  });
});

describe("refused callbacks", () => {
  it.each<{ label: string; body: string; headers: Record<string, string>; status: number }>([
    { label: "no signature", body: viberFixture("message-text"), headers: { "X-Viber-Content-Signature": "" }, status: 401 },
    {
      label: "a wrong signature",
      body: viberFixture("message-text"),
      headers: { "X-Viber-Content-Signature": "ab".repeat(32) },
      status: 401,
    },
    { label: "malformed JSON", body: '{"event": "message", "text": "secret words"', headers: {}, status: 400 },
    { label: "a shape Viber does not send", body: '{"event": "message", "sender": "private words"}', headers: {}, status: 400 },
    {
      label: "a body over 1 MB",
      body: JSON.stringify({ event: "message", pad: "z".repeat(1_100_000) }),
      headers: {},
      status: 413,
    },
  ])("logs $label once at warn: route, status and reason, nothing of the request", async ({ body, headers, status }) => {
    const before = h.log.lines.length;
    const response = await h.post(body, headers);
    expect(response.status).toBe(status);
    const lines = h.log.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const warned = lines.filter((l) => l.level === "warn");
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ route: "/viber/webhook", status, reason: expect.any(String) });
    const logged = h.log.lines.slice(before).join("\n");
    for (const secret of ["abababab", "secret words", "private words", "zzzz", "Bună"]) expect(logged).not.toContain(secret);
  });
});
