import {
  type ExportQuery,
  OperationError,
  type OperationErrorKind,
  type Operations,
  type SummaryQuery,
} from "../usecases/operations/ports.ts";

/** A running Glas could not be asked: not reachable, or it refused the token. */
export class RemoteError extends Error {
  override name = "RemoteError";
}

const KINDS: Record<number, OperationErrorKind> = { 400: "invalid", 404: "not-found", 409: "conflict", 501: "unavailable" };

function query(q: SummaryQuery | Omit<ExportQuery, "survey">): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q)) if (value !== undefined) params.set(name, String(value));
  return params.toString();
}

/**
 * The operations on a running Glas (Node or Workers) through its admin API: `GLAS_URL` and
 * `ADMIN_TOKEN`. Refusals come back as the same `OperationError`s the local database gives.
 */
export function createRemoteOperations(options: { url: string; token: string; fetch?: typeof fetch }): Operations {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new RemoteError(`cannot reach ${base}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (response.ok) return response;
    const answer = (await response.json().catch(() => null)) as {
      error?: string;
      issues?: { path: unknown[]; message: string }[];
    } | null;
    if (response.status === 401) throw new RemoteError(`${base} refused ADMIN_TOKEN`);
    const kind = KINDS[response.status];
    const message = answer?.error ?? `${method} ${path}: HTTP ${response.status}`;
    const details = answer?.issues?.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    if (kind) throw new OperationError(kind, details ? `${message}: ${details}` : message);
    throw new RemoteError(`${base} answered ${response.status} to ${method} ${path}`);
  }
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await (await call(method, path, body)).json()) as T;

  return {
    addService: (input) => json("POST", "/services", input),
    listServices: () => json("GET", "/services"),
    async importSurvey(data) {
      try {
        const imported = await json<{ slug: string; version: number; created: boolean }>("POST", "/surveys", data);
        return { type: "imported", ...imported };
      } catch (err) {
        if (!(err instanceof OperationError && err.kind === "invalid")) throw err;
        // The server's issues, one per line as the local validator prints them.
        const [, detail = err.message] = err.message.split(/^invalid survey: /);
        return {
          type: "invalid",
          errors: detail.split("; ").map((line) => {
            const at = line.indexOf(": ");
            return at < 0 ? { path: "", message: line } : { path: line.slice(0, at), message: line.slice(at + 2) };
          }),
        };
      }
    },
    listSurveys: () => json("GET", "/surveys"),
    invite: (input) => json("POST", "/invites", input),
    listStaff: () => json("GET", "/staff"),
    async revokeStaff(id) {
      try {
        await call("POST", `/staff/${encodeURIComponent(id)}/revoke`);
        return true;
      } catch (err) {
        if (err instanceof OperationError && err.kind === "not-found") return false;
        throw err;
      }
    },
    summary: (q) => json("GET", `/summary?${query(q)}`),
    async summaryFile(q, kind) {
      return new Uint8Array(await (await call("GET", `/summary/${kind}?${query(q)}`)).arrayBuffer());
    },
    sendSummary: (q) => json("POST", `/summary/send?${query(q)}`),
    async exportAnswers({ survey, ...q }) {
      const response = await call("GET", `/surveys/${encodeURIComponent(survey)}/export?${query(q)}`);
      if (!response.body) throw new RemoteError(`${base} sent an empty export`);
      return { rows: Number(response.headers.get("x-glas-rows") ?? 0), body: response.body };
    },
    async close() {},
  };
}
