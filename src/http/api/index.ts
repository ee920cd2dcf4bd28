import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Locale } from "../../engine/locale.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/ports.ts";
import type { Operations } from "../../usecases/operations/ports.ts";
import { ADMIN_API, recordAudit } from "../../usecases/privacy/audit.ts";
import { createConsultation, reportConsultation, sendConsultation } from "../../usecases/staff/admin.ts";
import { constantTimeEqual } from "../middleware/constant-time.ts";
import { registerFeedbackRoutes } from "./feedback.ts";
import { addOperatorRoutes } from "./operator.ts";
import { ConsultationReport, Created, ErrorBody, IdParam, NewConsultation } from "./schemas.ts";

export const API_BODY_MAX_BYTES = 64 * 1024;

export type AdminApiDeps = {
  /** ADMIN_TOKEN; without one there is no API. */
  token: string | undefined;
  store: Store;
  log: Logger;
  defaultLocale: Locale;
  timezone: string;
  /** MIN_CELL: the smallest audience a consultation may have; every count the API gives passes the disclosure step. */
  minCell: number;
  /** Tells the consultation job there is a broadcast to queue. */
  wake(): void;
  /** The operator's commands (services, surveys, invites, staff, summaries, exports) on this deployment. */
  operations?: Operations;
  now?: () => Date;
};

function authorised(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return Boolean(match?.[1] && constantTimeEqual(token, match[1]));
}

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
function bearer(token: string): MiddlewareHandler {
  return async function adminToken(c, next) {
    if (!authorised(c.req.header("authorization"), token)) {
      return c.json({ error: "unauthorized" }, 401, { "WWW-Authenticate": 'Bearer realm="glas"' });
    }
    await next();
  };
}

/**
 * Every authorised call is recorded in the audit log: method, path and status (a refused
 * token is not a staff action; the description of the API holds no data).
 */
function auditCalls(token: string, store: Store, now: () => Date): MiddlewareHandler {
  return async function auditCall(c, next) {
    await next();
    if (!authorised(c.req.header("authorization"), token) || c.req.path === "/api/openapi.json") return;
    await recordAudit(store, ADMIN_API, "api.call", { detail: `${c.req.method} ${c.req.path} ${c.res.status}` }, now());
  };
}

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const errors = {
  401: json(ErrorBody, "Missing or wrong bearer token"),
  400: json(ErrorBody, "Invalid request: `issues` says where"),
};
const security = [{ bearer: [] }];

const create = createRoute({
  method: "post",
  path: "/consultations",
  summary: "Create a consultation (sent only when asked to)",
  security,
  request: { body: { content: { "application/json": { schema: NewConsultation } }, required: true } },
  responses: { 201: json(Created, "Created"), ...errors },
});

const send = createRoute({
  method: "post",
  path: "/consultations/{id}/send",
  summary: "Start sending: one message per recipient; between 21:00 and 08:00 (TIMEZONE) it waits for 08:00",
  security,
  request: { params: IdParam },
  responses: { 202: json(ConsultationReport, "Accepted"), 404: json(ErrorBody, "No such consultation"), ...errors },
});

const report = createRoute({
  method: "get",
  path: "/consultations/{id}",
  summary: "Delivery counts and the number of replies",
  security,
  request: { params: IdParam },
  responses: { 200: json(ConsultationReport, "The consultation"), 404: json(ErrorBody, "No such consultation"), ...errors },
});

/**
 * The admin API under `/api`, or null when no ADMIN_TOKEN is set. Bodies are checked by the
 * same zod schemas that `GET /api/openapi.json` describes; a failed check is 400 with the issues.
 */
export function createAdminApi(deps: AdminApiDeps): Hono | null {
  const { token, store } = deps;
  if (!token) return null;
  const now = deps.now ?? (() => new Date());
  const api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
          message: i.message,
        }));
        return c.json({ error: "invalid request", issues }, 400);
      }
    },
  }).basePath("/api");

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  api.doc("/openapi.json", {
    openapi: "3.0.3",
    info: {
      title: "Glas admin API",
      version: "1",
      description:
        "Consultations (create, send, follow) and the operator's commands: services, surveys, invites, staff, summaries of closed periods, exports. Every count passes the disclosure step. Bearer ADMIN_TOKEN.",
    },
  });

  api.use("*", auditCalls(token, store, now));
  // Every route but the description asks for the token.
  const auth = bearer(token);
  api.use("*", async (c, next) => (c.req.path === "/api/openapi.json" ? next() : auth(c, next)));
  api.use("*", bodyLimit({ maxSize: API_BODY_MAX_BYTES, onError: (c) => c.json({ error: "payload too large" }, 413) }));

  api.openapi(create, async (c) => {
    const created = await createConsultation(store, c.req.valid("json"), deps.defaultLocale, deps.minCell);
    if ("problems" in created) return c.json({ error: "invalid request", issues: created.problems }, 400);
    deps.log.info({ route: "POST /api/consultations", consultation: created.id }, "consultation created");
    return c.json(created, 201);
  });

  api.openapi(send, async (c) => {
    const sent = await sendConsultation(store, c.req.valid("param").id, now(), deps);
    if (!sent) return c.json({ error: "not found" }, 404);
    deps.wake();
    return c.json(sent, 202);
  });

  api.openapi(report, async (c) => {
    const found = await reportConsultation(store, c.req.valid("param").id, now(), deps.minCell);
    if (!found) return c.json({ error: "not found" }, 404);
    return c.json(found, 200);
  });

  if (deps.operations) addOperatorRoutes(api, deps.operations);
  registerFeedbackRoutes(api, store);
  // Served on its own (loaded with its first request), it answers as the app around it would:
  // an unknown route is the same JSON 404, and errors go on to that app's handler.
  api.notFound((c) => c.json({ error: "not found" }, 404));
  api.onError((err) => {
    throw err;
  });

  return api as unknown as Hono;
}
