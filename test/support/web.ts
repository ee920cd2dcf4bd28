import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { UserFromGetMe } from "grammy/types";
import { createTelegramChannel } from "../../src/channels/telegram/index.ts";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { createApp } from "../../src/http/app.ts";
import { createDrainer } from "../../src/outbox/drain.ts";
import type { WorkbookWriter } from "../../src/reports/build.ts";
import { createWorkbookWriter } from "../../src/reports/workbook.ts";
import { createReceive } from "../../src/usecases/receive.ts";
import { issueInvite } from "../../src/usecases/staff/invites.ts";
import { createWebRoutes } from "../../src/web/index.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "./db.ts";
import { type FakeTelegram, startFakeTelegram } from "./fake-telegram.ts";
import { captureLog, SECRET, telegramUser } from "./telegram.ts";

export const TZ = "Europe/Chisinau";

/**
 * Glas as served, for the web: the Telegram webhook (real grammY against the fake Bot API), the
 * outbox, and the web routes, in one app, served on a loopback port for a browser.
 * The clock is `clock.now`, moved by tests (a sign-in link expires without waiting).
 */
export async function webHarness(options: { now: Date; publicResults?: boolean; minCell?: number }) {
  const clock = { now: options.now };
  const now = () => clock.now;
  const db: TestDatabase = freshDatabase();
  await withDefaults(db);
  const fake: FakeTelegram = await startFakeTelegram();
  const log = captureLog();
  // Listening first: the chat's sign-in links name the address the app is served at.
  let fetchApp: (request: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (request) => fetchApp(request), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  const respond = { ...respondDeps(db.store), log, staff: { timezone: TZ, minCell: options.minCell ?? 5 } };
  const channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.url,
    secret: SECRET,
    receive: createReceive({ store: db.store, respond: { ...respond, publicUrl: base.url }, log, wake: () => {} }),
    files: db.store.files,
    t,
    log,
    me: fake.botInfo as UserFromGetMe,
    now,
  });
  const drainer = createDrainer({
    outbox: db.store.outbox,
    senders: { telegram: channel.sender },
    limits: { telegram: { perSecond: 10_000, perRecipientMs: 0 } },
    log,
    now: () => new Date(),
    sleep: async () => {},
  });
  const workbook: WorkbookWriter = createWorkbookWriter({ t });
  const web = createWebRoutes({
    store: db.store,
    t,
    log,
    minCell: options.minCell ?? 5,
    timeZone: TZ,
    defaultLocale: "ro",
    publicUrl: null,
    publicResults: options.publicResults ?? true,
    workbook,
    now,
  });
  const app = createApp({
    log,
    pingDatabase: () => db.store.ping(),
    channels: { telegram: "on", viber: "off" },
    routes: [channel.routes, web],
  });
  fetchApp = (request) => app.fetch(request);

  const h = {
    db,
    fake,
    log,
    app,
    clock,
    base,
    async deliver(update: unknown): Promise<Response> {
      const response = await app.request("/telegram/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
        body: JSON.stringify(update),
      });
      for (let i = 0; i < 50; i++) if ((await drainer.drainOnce()) === 0) break;
      return response;
    },
    /** A Telegram user who joins as staff with an invite (scope optional). */
    async staff(
      id: number,
      role: "directorate" | "social_worker",
      scope: { service?: string; locality?: string } = {},
      language = "ro",
    ) {
      const user = telegramUser(h, { id, language });
      const { code } = await issueInvite(db.store, { role, ...scope }, clock.now);
      await user.text(`/join ${code}`);
      return user;
    },
    /** Sends /dashboard and reads the sign-in link from the bot's answer (null when none came). */
    async linkFor(user: ReturnType<typeof telegramUser>): Promise<string | null> {
      const before = user.sentToMe().length;
      await user.text("/dashboard");
      const reply = user
        .sentToMe()
        .slice(before)
        .map((c) => String(c.params.text))
        .join("\n");
      return /https?:\/\/\S+\/dashboard\/login\/[A-Za-z0-9_-]{43}/.exec(reply)?.[0] ?? null;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      await db.close();
    },
  };
  return h;
}

export type WebHarness = Awaited<ReturnType<typeof webHarness>>;

/** Cookie header value from a response's Set-Cookie lines (name=value pairs only). */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** Where a sign-in is sent: the harness's app, or a served Glas through `fetch` (redirects not followed). */
type Requester = { app: { request(path: string, init?: RequestInit): Response | Promise<Response> } };

/** The sign-in as a browser does it over `app.request`: the link's page, then its button. Returns the session cookie. */
export async function signIn(h: Requester, link: string): Promise<{ cookie: string; response: Response }> {
  const path = new URL(link).pathname;
  const page = await h.app.request(path);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const response = await h.app.request(path, {
    method: "POST",
    headers: { cookie: cookiesOf(page), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf }).toString(),
  });
  return {
    cookie: cookiesOf(response)
      .split("; ")
      .filter((c) => c.startsWith("glas_session="))
      .join("; "),
    response,
  };
}
