import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { OperationError, type Operations, type SummaryQuery } from "../../usecases/operations/ports.ts";
import {
  ErrorBody,
  ExportParams,
  IdParam,
  InviteInfo,
  NewInvite,
  NewService,
  Revoked,
  ServiceInfo,
  SlugParam,
  StaffInfo,
  SummaryFileParam,
  SummaryInfo,
  SummaryParams,
  SummarySent,
  SurveyDefinitionBody,
  SurveyImported,
  SurveyInfo,
} from "./schemas.ts";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const binary = (type: string, description: string) => ({
  content: { [type]: { schema: z.string().openapi({ format: "binary" }) } },
  description,
});
const security = [{ bearer: [] }];
const errors = {
  400: json(ErrorBody, "Invalid request: `issues` says where"),
  401: json(ErrorBody, "Missing or wrong bearer token"),
  404: json(ErrorBody, "A survey, service or member named in the request does not exist"),
};
const body = <T>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

const FILE_TYPES = {
  workbook: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "summary.xlsx" },
  chart: { type: "image/png", name: "summary.png" },
  csv: { type: "text/csv; charset=utf-8", name: "answers.csv" },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "answers.xlsx" },
} as const;

/** How an `OperationError` answers: the same words the local command line prints. */
const STATUS = { "not-found": 404, conflict: 409, invalid: 400, unavailable: 501 } as const;

/**
 * Runs an operation and answers with `ok`, or with the status its `OperationError` stands for.
 * Typed `never` for the route's typed-response check: the statuses are those the route declares.
 */
async function answer<T>(c: Context, run: () => Promise<T>, ok: (value: T) => Response): Promise<never> {
  try {
    return ok(await run()) as never;
  } catch (err) {
    if (err instanceof OperationError) return c.json({ error: err.message }, STATUS[err.kind]) as never;
    throw err;
  }
}

/** `?period=` or `?from=&to=` (not both), as `glas summary` takes them. */
function summaryQuery(c: Context, q: z.infer<typeof SummaryParams>): SummaryQuery | Response {
  const extra = { ...(q.service && { service: q.service }), ...(q.lang && { lang: q.lang }) };
  if (q.from !== undefined || q.to !== undefined) {
    if (q.from === undefined || q.to === undefined || q.period !== undefined) {
      return c.json({ error: "give either period, or from and to together" }, 400);
    }
    return { from: q.from, to: q.to, ...extra };
  }
  return { period: q.period ?? "week", ...extra };
}

const routes = {
  listServices: createRoute({
    method: "get",
    path: "/services",
    summary: "Social services",
    security,
    responses: { 200: json(z.array(ServiceInfo), "Services"), ...errors },
  }),
  addService: createRoute({
    method: "post",
    path: "/services",
    summary: "Add a social service (and its locality if new)",
    security,
    request: body(NewService),
    responses: { 201: json(ServiceInfo, "Added"), 409: json(ErrorBody, "The code is taken"), ...errors },
  }),
  listSurveys: createRoute({
    method: "get",
    path: "/surveys",
    summary: "Stored surveys with their latest versions",
    security,
    responses: { 200: json(z.array(SurveyInfo), "Surveys"), ...errors },
  }),
  importSurvey: createRoute({
    method: "post",
    path: "/surveys",
    summary: "Store a survey definition; a changed one becomes a new version",
    security,
    request: body(SurveyDefinitionBody),
    responses: { 200: json(SurveyImported, "Stored (or unchanged)"), ...errors },
  }),
  invite: createRoute({
    method: "post",
    path: "/invites",
    summary: "Issue a one-time code for /join (valid 7 days)",
    security,
    request: body(NewInvite),
    responses: { 201: json(InviteInfo, "Issued"), ...errors },
  }),
  listStaff: createRoute({
    method: "get",
    path: "/staff",
    summary: "Staff members",
    security,
    responses: { 200: json(z.array(StaffInfo), "Members"), ...errors },
  }),
  revokeStaff: createRoute({
    method: "post",
    path: "/staff/{id}/revoke",
    summary: "Take away a member's staff rights",
    security,
    request: { params: IdParam },
    responses: { 200: json(Revoked, "Revoked"), ...errors },
  }),
  summary: createRoute({
    method: "get",
    path: "/summary",
    summary: "The directorate's summary as text",
    security,
    request: { query: SummaryParams },
    responses: { 200: json(SummaryInfo, "The summary"), ...errors },
  }),
  summaryFile: createRoute({
    method: "get",
    path: "/summary/{kind}",
    summary: "The summary's workbook (.xlsx) or chart (.png)",
    security,
    request: { params: SummaryFileParam, query: SummaryParams },
    responses: {
      200: binary("application/octet-stream", "The file"),
      501: json(ErrorBody, "This deployment draws no charts or workbooks"),
      ...errors,
    },
  }),
  sendSummary: createRoute({
    method: "post",
    path: "/summary/send",
    summary: "Queue the summary to every directorate member",
    security,
    request: { query: SummaryParams },
    responses: { 202: json(SummarySent, "Queued (recipients may be 0)"), ...errors },
  }),
  exportAnswers: createRoute({
    method: "get",
    path: "/surveys/{slug}/export",
    summary: "Every completed response, anonymised, streamed as CSV or Excel; X-Glas-Rows says how many",
    security,
    request: { params: SlugParam, query: ExportParams },
    responses: {
      200: binary("application/octet-stream", "The file"),
      501: json(ErrorBody, "Format not written here"),
      ...errors,
    },
  }),
};

/** The operator's commands as routes: each serves the local operations of this deployment. */
export function addOperatorRoutes(api: OpenAPIHono, ops: Operations): void {
  api.openapi(routes.listServices, (c) =>
    answer(
      c,
      () => ops.listServices(),
      (v) => c.json(v, 200),
    ),
  );
  api.openapi(routes.addService, (c) => {
    const b = c.req.valid("json");
    const input = { code: b.code, name: b.name, locality: b.locality ?? null, survey: b.survey ?? null };
    return answer(
      c,
      () => ops.addService(input),
      (v) => c.json(v, 201),
    );
  });
  api.openapi(routes.listSurveys, (c) =>
    answer(
      c,
      () => ops.listSurveys(),
      (v) => c.json(v, 200),
    ),
  );
  api.openapi(routes.importSurvey, (c) =>
    answer(
      c,
      () => ops.importSurvey(c.req.valid("json")),
      (v) =>
        v.type === "invalid"
          ? c.json(
              { error: "invalid survey", issues: v.errors.map((e) => ({ path: e.path.split("."), message: e.message })) },
              400,
            )
          : c.json({ slug: v.slug, version: v.version, created: v.created }, 200),
    ),
  );
  api.openapi(routes.invite, (c) => {
    const b = c.req.valid("json");
    return answer(
      c,
      () => ops.invite({ role: b.role, service: b.service ?? null, locality: b.locality ?? null }),
      (v) => c.json(v, 201),
    );
  });
  api.openapi(routes.listStaff, (c) =>
    answer(
      c,
      () => ops.listStaff(),
      (v) => c.json(v, 200),
    ),
  );
  api.openapi(routes.revokeStaff, (c) =>
    answer(
      c,
      () => ops.revokeStaff(c.req.valid("param").id),
      (revoked) =>
        revoked ? c.json({ revoked: true as const }, 200) : c.json({ error: "no active staff member with that id" }, 404),
    ),
  );
  api.openapi(routes.summary, (c) => {
    const query = summaryQuery(c, c.req.valid("query"));
    if (query instanceof Response) return query as never;
    return answer(
      c,
      () => ops.summary(query),
      (v) => c.json(v, 200),
    );
  });
  api.openapi(routes.summaryFile, (c) => {
    const query = summaryQuery(c, c.req.valid("query"));
    if (query instanceof Response) return query as never;
    const { kind } = c.req.valid("param");
    const file = FILE_TYPES[kind];
    return answer(
      c,
      () => ops.summaryFile(query, kind),
      (bytes) =>
        c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          "content-type": file.type,
          "content-disposition": `attachment; filename="${file.name}"`,
        }),
    );
  });
  api.openapi(routes.sendSummary, (c) => {
    const query = summaryQuery(c, c.req.valid("query"));
    if (query instanceof Response) return query as never;
    return answer(
      c,
      () => ops.sendSummary(query),
      (v) => c.json(v, 202),
    );
  });
  api.openapi(routes.exportAnswers, (c) => {
    const q = c.req.valid("query");
    const query = {
      survey: c.req.valid("param").slug,
      format: q.format,
      ...(q.from !== undefined && { from: q.from }),
      ...(q.to !== undefined && { to: q.to }),
      ...(q.service !== undefined && { service: q.service }),
      ...(q.lang !== undefined && { lang: q.lang }),
    };
    const file = FILE_TYPES[q.format];
    return answer(
      c,
      () => ops.exportAnswers(query),
      ({ rows, body }) =>
        c.body(body, 200, {
          "content-type": file.type,
          "content-disposition": `attachment; filename="${file.name}"`,
          "x-glas-rows": String(rows),
          "cache-control": "private, no-store",
        }),
    );
  });
}
