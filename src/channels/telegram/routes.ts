import type { Update } from "grammy/types";
import { Hono } from "hono";
import { z } from "zod";
import { parseJson, refuse, requireSecretHeader, webhookBodyLimit } from "../../http/middleware/webhook.ts";
import type { Logger } from "../../log.ts";
import type { HandledUpdate } from "./handler.ts";

export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  language_code: z.string().optional(),
});
const chat = z.looseObject({ id: z.number().int(), type: z.string() });
const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
});
const memberUpdate = z.looseObject({
  chat,
  from: user,
  date: z.number().int(),
  old_chat_member: z.looseObject({ status: z.string() }),
  new_chat_member: z.looseObject({ status: z.string(), user }),
});

/** The parts of an update Glas reads, checked before grammY sees them; the rest passes through. */
const updateShape = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: user,
      // Documented as always there, yet some clients' presses come without it; Glas never reads it.
      chat_instance: z.string().optional(),
      data: z.string().optional(),
      message: z.looseObject({ message_id: z.number().int(), date: z.number().int(), chat }).optional(),
    })
    .optional(),
  my_chat_member: memberUpdate.optional(),
  chat_member: memberUpdate.optional(),
});

/**
 * `POST /telegram/webhook`: size (413), secret (401), JSON and shape (400), then the handler.
 * A button press is answered in the webhook reply itself, which saves a call per tap.
 */
export function telegramRoutes(options: {
  secret: string | undefined;
  log: Logger;
  handle: (update: Update) => Promise<HandledUpdate>;
}): Hono {
  const { log } = options;
  const app = new Hono();
  const checks = [webhookBodyLimit(log), requireSecretHeader(SECRET_HEADER, options.secret, log)] as const;
  app.post("/telegram/webhook", ...checks, async (c) => {
    const body = parseJson(await c.req.text());
    if (!body.ok) return refuse(c, log, 400, "malformed JSON");
    const update = updateShape.safeParse(body.value);
    if (!update.success) return refuse(c, log, 400, "not a Telegram update", { issues: update.error.issues.slice(0, 5) });
    const handled = await options.handle(update.data as unknown as Update);
    if (handled.callback) {
      return c.json({ method: "answerCallbackQuery", callback_query_id: handled.callback.id, ...handled.callback.answer });
    }
    return c.body(null, 200);
  });
  return app;
}
