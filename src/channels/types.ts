import type { UserFromGetMe } from "grammy/types";
import type { Hono } from "hono";
import type { Config } from "../config.ts";
import type { Translate } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import type { Receive } from "../usecases/receive.ts";
import type { ChannelRenderer as BroadcastRenderer } from "../usecases/staff/job.ts";
import type { SummaryRenderer } from "../usecases/summaries/delivery.ts";
import type { SendError } from "./send-error.ts";

/** The messengers Glas speaks through. `terminal` is `glas simulate`. */
export type ChannelName = "telegram" | "viber" | "terminal";
export type MessengerName = Exclude<ChannelName, "terminal">;

/** What `/health` reports for each messenger. */
export type ChannelStatus = "on" | "off";

/**
 * The sending side of a channel: one rendered payload (plain JSON, as stored in the outbox)
 * to one recipient. Failures are thrown as `SendError`, nothing else.
 * @example await telegram.send("123456", { method: "sendMessage", params: { text: "Bună ziua" } });
 */
export interface ChannelSender {
  readonly channel: ChannelName;
  send(recipient: string, payload: unknown): Promise<{ externalId: string | null }>;
  /** One payload to many recipients in one call, where the platform allows it (Viber's broadcast_message). */
  readonly batch?: BatchSender;
}

/** A recipient a batch call did not reach, and why, as a single send would have failed. */
export type BatchFailure = { recipient: string; error: SendError };

export interface BatchSender {
  /** Most recipients one call takes. */
  readonly max: number;
  /** Throws `SendError` when the call as a whole failed; `failed` lists the recipients it did not reach. */
  send(recipients: readonly string[], payload: unknown): Promise<{ externalId: string | null; failed: BatchFailure[] }>;
}

/** Where a channel finds the bytes of a file it uploads (summary charts and workbooks). */
export interface FileSource {
  byId(id: string, now: Date): Promise<{ bytes: Uint8Array; filename: string } | null>;
}

/** How fast the outbox may send through a channel. */
export type SendLimits = { perSecond: number; perRecipientMs: number };

/**
 * How a messenger shows what Glas says to someone not waiting for a reply: broadcasts and
 * their progress, and summaries. Pure: it exists whether the channel is on or not.
 */
export type ChannelRenderer = { broadcast: BroadcastRenderer; summary: SummaryRenderer };

/**
 * One messenger, on: its webhook routes (null when it receives some other way), its outbox
 * sender, its renderer and its sending limits. It only translates: every incoming update goes
 * to the `receive` use case it was given, and nothing in a channel touches the store.
 */
export interface Channel {
  readonly name: MessengerName;
  readonly routes: Hono | null;
  readonly sender: ChannelSender;
  readonly renderer: ChannelRenderer;
  readonly limits: SendLimits;
  /** Receives by long polling instead of a webhook (Telegram without a public URL). */
  poll?(): Promise<{ stop(): Promise<void> }>;
  /** The bot's own identity, where the platform has one to ask for (Telegram's getMe). */
  identity?(): Promise<UserFromGetMe>;
}

/** Bot identities already known (Workers keep them between requests), so nothing asks again. */
export type Identities = { telegram?: UserFromGetMe };

/** What a messenger's API client sends: a `fetch` call as grammY and the Viber client make it. */
export type HttpFetchInit = { method?: string; headers?: Record<string, string>; body?: string | null; signal?: AbortSignal };

/** What they read of the answer. */
export type HttpFetchResponse = {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
};

/** The HTTP client the messengers' API clients call: the runtime's `fetch`, or Node's own (`http.node.ts`). */
export type HttpFetch = (url: string, init: HttpFetchInit) => Promise<HttpFetchResponse>;

/** What every channel is made from: the configuration and the one way in. */
export type ChannelDeps = {
  config: Config;
  receive: Receive;
  files: FileSource;
  t: Translate;
  log: Logger;
  /** The clock inbound events are stamped with (tests); the real one otherwise. */
  now?: () => Date;
  identities?: Identities;
  /** The platforms' HTTP client; the runtime's `fetch` by default. */
  fetch?: HttpFetch;
};

/** A messenger Glas knows: on when its configuration says so (`create` gives null otherwise). */
export interface ChannelDefinition {
  readonly name: MessengerName;
  renderer(t: Translate, publicUrl: string | null): ChannelRenderer;
  create(deps: ChannelDeps): Channel | null;
}
