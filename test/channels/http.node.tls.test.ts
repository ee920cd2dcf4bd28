import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TLS = path.join(ROOT, "test/fixtures/tls");

/**
 * The platforms answer over HTTPS: the Node client, in a process of its own that trusts the test
 * certificate (NODE_EXTRA_CA_CERTS, as a system's CA store would), keeps one TLS connection for
 * both calls, and refuses the same server when it does not trust it.
 */
let server: Server;
let url: string;
let secureConnections = 0;

beforeAll(async () => {
  server = createServer(
    { key: readFileSync(path.join(TLS, "key.pem")), cert: readFileSync(path.join(TLS, "cert.pem")) },
    (req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => {
        body += d.toString("utf8");
      });
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ok: true, result: { method: req.method, path: req.url, echoed: JSON.parse(body || "null") } }));
      });
    },
  );
  server.keepAliveTimeout = 10_000;
  server.on("secureConnection", () => secureConnections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

/** Two POSTs through createNodeFetch in a child process; what they answered, or the error. */
async function twoCalls(env: Record<string, string>): Promise<{ answers?: unknown[]; error?: string }> {
  const client = pathToFileURL(path.join(ROOT, "src/channels/http.node.ts")).href;
  const script = `
    import { createNodeFetch } from ${JSON.stringify(client)};
    const fetch = createNodeFetch();
    const call = async (n) => {
      const res = await fetch(${JSON.stringify(url)} + "/bot/sendMessage", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n, text: "Bună ziua" }) });
      return { status: res.status, body: await res.json() };
    };
    try {
      console.log(JSON.stringify({ answers: [await call(1), await call(2)] }));
    } catch (err) {
      console.log(JSON.stringify({ error: String(err?.code ?? err) }));
    }`;
  // Asynchronously: the server answering it runs in this process.
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

describe("Node's HTTP client over HTTPS", () => {
  it("calls a trusted server twice over one kept-alive TLS connection", async () => {
    secureConnections = 0;
    const { answers, error } = await twoCalls({ NODE_EXTRA_CA_CERTS: path.join(TLS, "cert.pem") });
    expect(error).toBeUndefined();
    expect(answers).toEqual([
      {
        status: 200,
        body: { ok: true, result: { method: "POST", path: "/bot/sendMessage", echoed: { n: 1, text: "Bună ziua" } } },
      },
      {
        status: 200,
        body: { ok: true, result: { method: "POST", path: "/bot/sendMessage", echoed: { n: 2, text: "Bună ziua" } } },
      },
    ]);
    expect(secureConnections).toBe(1);
  });

  it("refuses a server whose certificate it does not trust", async () => {
    const { answers, error } = await twoCalls({ NODE_EXTRA_CA_CERTS: "" });
    expect(answers).toBeUndefined();
    expect(error).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });
});
