import { z } from "zod";
import { matchLocale } from "../../engine/locale.ts";
import { contactPress, type Inbound } from "../../usecases/respond.ts";
import { serviceFromPayload } from "../commands.ts";
import { pressInbound, type Sender, textInbound } from "../inbound.ts";
import { readMessage, VIBER } from "./client.ts";
import { PRESS_PREFIX } from "./render.ts";

/** A message token: a 64-bit integer, kept as its exact digits. */
const token = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform((value) => String(value));
const userId = z.string().min(1).max(128);
/**
 * Milliseconds since 1970: a number, or its digits as a string when it has more than a double
 * keeps exactly (JSON is read so that long integers keep every digit).
 */
const timestamp = z.union([z.number(), z.string().regex(/^\d{1,19}$/)]).optional();

/** Viber user ids are base64 (`01234567890A=`); anything else is no one Glas can answer. */
const VIBER_ID = /^[A-Za-z0-9+/=_-]{1,128}$/;
export const isViberId = (id: string): boolean => VIBER_ID.test(id);
const user = z.looseObject({
  id: userId,
  name: z.string().optional(),
  language: z.string().max(35).optional(),
  country: z.string().optional(),
  api_version: z.number().optional(),
});

/** The callbacks Glas reads, as Viber documents them; unknown fields pass through. */
const callbackShape = z.discriminatedUnion("event", [
  z.looseObject({ event: z.literal("webhook"), timestamp, message_token: token.optional() }),
  z.looseObject({
    event: z.literal("conversation_started"),
    timestamp,
    message_token: token.optional(),
    type: z.string().optional(),
    context: z.string().max(256).optional(),
    user,
    subscribed: z.boolean().optional(),
  }),
  z.looseObject({ event: z.literal("subscribed"), timestamp, user, message_token: token.optional() }),
  z.looseObject({ event: z.literal("unsubscribed"), timestamp, user_id: userId, message_token: token.optional() }),
  z.looseObject({
    event: z.literal("message"),
    timestamp,
    message_token: token,
    sender: user,
    message: z.looseObject({
      type: z.string().min(1).max(40),
      text: z.string().optional(),
      tracking_data: z.string().optional(),
      contact: z.looseObject({ phone_number: z.string().max(32).optional() }).optional(),
    }),
  }),
  z.looseObject({
    event: z.enum(["delivered", "seen", "failed"]),
    timestamp,
    message_token: token,
    user_id: userId.optional(),
    desc: z.string().optional(),
  }),
]);

export type ViberCallback = z.output<typeof callbackShape>;

export const KNOWN_EVENTS = new Set([
  "webhook",
  "conversation_started",
  "subscribed",
  "unsubscribed",
  "message",
  "delivered",
  "seen",
  "failed",
]);

export type ParsedCallback =
  | { type: "callback"; callback: ViberCallback }
  /** An event Glas does not read (client_status, action...): answered 200 and ignored. */
  | { type: "unknown" }
  | { type: "invalid"; issues: unknown[] };

/** Checks a parsed body's shape; the adapter acts only on callbacks shaped as documented. */
export function checkCallback(body: unknown): ParsedCallback {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { type: "invalid", issues: [] };
  const event = (body as { event?: unknown }).event;
  if (typeof event !== "string") return { type: "invalid", issues: [{ path: ["event"], message: "missing" }] };
  if (!KNOWN_EVENTS.has(event)) return { type: "unknown" };
  const parsed = callbackShape.safeParse(body);
  return parsed.success
    ? { type: "callback", callback: parsed.data }
    : { type: "invalid", issues: parsed.error.issues.slice(0, 5) };
}

export type DeliveryStatus = "delivered" | "seen" | "failed";

/** What a callback means for Glas. The adapter decides nothing about surveys. */
export type ViberInput =
  | { type: "ignore" }
  /** The person subscribed to the bot, or left it. */
  | { type: "subscription"; platformId: string; subscribed: boolean }
  /** A receipt for a message we sent, by its token. */
  | { type: "delivery"; externalId: string; status: DeliveryStatus }
  | {
      type: "inbound";
      /**
       * The callback's message token: the id redeliveries are recognised by. Null for a
       * `conversation_started` that came without one (nothing to recognise it by).
       */
      externalId: string | null;
      userId: string;
      inbound: Inbound;
      /** The engine's button id, for a tap. */
      pressed: string | null;
      /**
       * `conversation_started` from someone not subscribed: the one message they may get is
       * the webhook's answer.
       */
      welcome: boolean;
    };

/** Message tokens are unique per account: they are the event ids the engine dedupes on. */
export const eventId = (externalId: string) => `vb:${externalId}`;

/** Translates one callback; makes no API call. */
export function translate(callback: ViberCallback, now: () => Date = () => new Date()): ViberInput {
  switch (callback.event) {
    case "webhook":
      return { type: "ignore" };
    case "subscribed":
      if (!isViberId(callback.user.id)) return { type: "ignore" };
      return { type: "subscription", platformId: callback.user.id, subscribed: true };
    case "unsubscribed":
      if (!isViberId(callback.user_id)) return { type: "ignore" };
      return { type: "subscription", platformId: callback.user_id, subscribed: false };
    case "delivered":
    case "seen":
    case "failed":
      return { type: "delivery", externalId: callback.message_token, status: callback.event };
    case "conversation_started": {
      if (!isViberId(callback.user.id)) return { type: "ignore" };
      // The welcome asks for the language: a phone's language is often not the one a person
      // reads best, and the choice is one tap (a known person keeps the language they chose).
      // Until then Glas speaks the phone's language, where it has it.
      const sender: Sender = {
        channel: VIBER,
        platformId: callback.user.id,
        suggestedLocale: matchLocale(callback.user.language),
      };
      const id = callback.message_token ?? null;
      return {
        type: "inbound",
        externalId: id,
        userId: callback.user.id,
        inbound: {
          ...sender,
          type: "event",
          event: { id: id ? eventId(id) : `vb:${crypto.randomUUID()}`, at: now().toISOString(), type: "start" },
          serviceCode: serviceFromPayload(callback.context ?? null),
          askLanguage: true,
        },
        pressed: null,
        welcome: callback.subscribed !== true,
      };
    }
    case "message": {
      if (!isViberId(callback.sender.id)) return { type: "ignore" };
      const sender: Sender = {
        channel: VIBER,
        platformId: callback.sender.id,
        suggestedLocale: matchLocale(callback.sender.language),
      };
      const id = callback.message_token;
      const at = now().toISOString();
      const read = readMessage(callback);
      let inbound: Inbound;
      let pressed: string | null = null;
      if (read.kind === "text" && read.text.startsWith(PRESS_PREFIX)) {
        pressed = read.text.slice(PRESS_PREFIX.length);
        inbound = pressInbound(sender, eventId(id), at, pressed);
      } else if (read.kind === "text") {
        inbound = textInbound(sender, eventId(id), at, read.text);
      } else if (callback.message.type === "contact" && callback.message.contact?.phone_number) {
        // From the share-phone key: Viber sends the person's own number only.
        inbound = pressInbound(sender, eventId(id), at, contactPress(callback.message.contact.phone_number));
      } else {
        // A picture, sticker, location... where text or a tap is expected: asked again.
        inbound = { ...sender, type: "event", event: { id: eventId(id), at, type: "unsupported" } };
      }
      return { type: "inbound", externalId: id, userId: callback.sender.id, inbound, pressed, welcome: false };
    }
    default: {
      const never: never = callback;
      throw new Error(`unhandled callback ${JSON.stringify(never)}`);
    }
  }
}
