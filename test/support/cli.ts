import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "glas.mjs");

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs the real `glas` command line in a child process, as an operator would. */
export function glas(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export type RunningServe = {
  child: ChildProcess;
  /** http://127.0.0.1:PORT, the port the server printed. */
  base: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, and waits for the process to end (a graceful stop: it writes what it keeps at exit). */
  stop(): Promise<void>;
};

/** `glas serve` in a child process as `npm start` runs it, on a free port, once it says it listens. */
export async function startServe(env: Record<string, string>): Promise<RunningServe> {
  const child = spawn(process.execPath, [BIN, "serve"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", ...env },
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let out = "";
  const stdout = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      if (/localhost:\d+/.test(out)) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`glas serve exited ${code}: ${stderr}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${/localhost:(\d+)/.exec(stdout)?.[1]}`,
    stdout: () => out,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
