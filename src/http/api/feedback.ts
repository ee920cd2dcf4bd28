import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Store } from "../../store/ports.ts";
import { feedbackRecords } from "../../usecases/feedback/records.ts";
import { ErrorBody } from "./schemas.ts";

const FeedbackRecord = z
  .object({
    ref: z.string().openapi({ example: "F-7K3Q" }),
    kind: z.enum(["question", "suggestion", "complaint", "thanks", "sensitive"]),
    service: z.string().nullable().openapi({ description: "The service's code; null when none was known" }),
    routedTo: z.enum(["service", "directorate", "focal_point"]),
    status: z.enum(["open", "answered", "closed"]),
    receivedAt: z.string(),
    dueAt: z.string(),
    answeredAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    answeredInTime: z.boolean().nullable().openapi({ description: "Null while it is open and not yet due" }),
    messages: z.array(
      z.object({
        author: z.enum(["person", "staff"]),
        at: z.string(),
        text: z.string().nullable().openapi({ description: "Null once erased, and always for the sensitive kind" }),
      }),
    ),
  })
  .openapi("FeedbackRecord");

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day, like 2026-06-01")
  .optional();

const list = createRoute({
  method: "get",
  path: "/feedback",
  summary: "Messages to the services, newest first: what was said and done, never who said it",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      status: z.enum(["open", "answered", "closed"]).optional(),
      from: day.openapi({ description: "Received on or after this day (UTC)" }),
      to: day.openapi({ description: "Received before this day (UTC)" }),
    }),
  },
  responses: {
    200: { content: { "application/json": { schema: z.object({ items: z.array(FeedbackRecord) }) } }, description: "The items" },
    400: { content: { "application/json": { schema: ErrorBody } }, description: "Invalid query" },
    401: { content: { "application/json": { schema: ErrorBody } }, description: "Missing or wrong bearer token" },
  },
});

/** `GET /api/feedback`: staff-side records, with no link to the person. */
export function registerFeedbackRoutes(api: OpenAPIHono, store: Store): void {
  api.openapi(list, async (c) => {
    const query = c.req.valid("query");
    const items = await feedbackRecords(store, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.from ? { from: new Date(`${query.from}T00:00:00Z`) } : {}),
      ...(query.to ? { to: new Date(`${query.to}T00:00:00Z`) } : {}),
    });
    return c.json({ items }, 200);
  });
}
