import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMessage } from "../../src/channels/telegram/render.ts";
import { DEFAULT_CONCURRENCY } from "../../src/outbox/drain.ts";
import { ROOT } from "../support/cli.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.ts";

/**
 * A broadcast in the outbox, a worker killed with SIGKILL in the middle of it, and a new
 * worker on the same database: every reachable chat gets its message, and only messages
 * in flight at the instant of the kill may arrive twice.
 */

const CHATS = 300;
const BLOCKED = new Set([7, 77, 150, 299].map((i) => 500_000 + i));
const RATE = 100;
const LEASE_MS = 1500;

let db: TestDatabase;
let fake: FakeTelegram;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = freshDatabase();
  fake = await startFakeTelegram({ delayMs: 20 });
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await fake.close();
  await db.close();
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/support/drain-process.ts"), String(LEASE_MS)], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_RATE: String(RATE),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", () => resolve(child));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusCounts = () =>
  Object.fromEntries(
    (
      db.sql.prepare(`SELECT "status", COUNT(*) AS n FROM "Outbox" GROUP BY "status"`).all() as { status: string; n: number }[]
    ).map((r) => [r.status, r.n]),
  );

describe("the outbox across a crash", () => {
  it("resumes after SIGKILL: nothing lost, duplicates only from the sends in flight, blocked chats marked", async () => {
    const chats = Array.from({ length: CHATS }, (_, i) => 500_000 + i);
    for (const chat of BLOCKED) fake.blockChat(chat);
    const respondents = new Map<number, string>();
    for (const chat of chats) respondents.set(chat, (await db.store.respondents.upsert("telegram", String(chat))).id);
    await db.store.outbox.enqueue(
      chats.map((chat) => ({
        channel: "telegram",
        recipient: String(chat),
        respondentId: respondents.get(chat) ?? null,
        payload: sendMessage({ text: `Consultare #${chat}`, buttons: [] }),
        priority: 1,
        dedupeKey: `consult:crash:${chat}`,
      })),
    );

    const first = await startWorker();
    await fake.waitFor("sendMessage", 100, 20_000);
    first.kill("SIGKILL");
    await exited(first);
    const beforeRestart = fake.callsTo("sendMessage").length;
    expect(beforeRestart).toBeLessThan(CHATS); // killed mid-broadcast
    expect(statusCounts().pending).toBeGreaterThan(0);

    const second = await startWorker();
    const restartedAt = Date.now();
    await until(() => {
      const counts = statusCounts();
      return !counts.pending && !counts.sending;
    }, 60_000);
    second.kill("SIGKILL");
    await exited(second);

    const calls = fake.callsTo("sendMessage");
    const received = new Map<number, number>();
    for (const call of calls) {
      const chat = Number(call.chatId);
      expect(call.params.text).toBe(`Consultare #${chat}`);
      received.set(chat, (received.get(chat) ?? 0) + 1);
    }
    const lost = chats.filter((chat) => !received.has(chat));
    expect(lost).toEqual([]);
    const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
    // A duplicate can only be a message whose first send was among the last ones before the kill.
    const lastBeforeKill = new Set(
      calls.slice(Math.max(0, beforeRestart - DEFAULT_CONCURRENCY), beforeRestart).map((c) => Number(c.chatId)),
    );
    for (const [chat, n] of received) if (n > 1) expect(lastBeforeKill.has(chat)).toBe(true);

    expect(statusCounts()).toEqual({ sent: CHATS - BLOCKED.size, failed: BLOCKED.size });
    const unreachable = db.sql.prepare(`SELECT "platformId" FROM "Respondent" WHERE "status" = 'unreachable'`).all() as {
      platformId: string;
    }[];
    expect(unreachable.map((r) => Number(r.platformId)).sort()).toEqual([...BLOCKED].sort());

    // The restarted worker kept to the channel's rate: no second of the fake's clock saw more.
    const after = calls.filter((c) => c.at >= restartedAt).map((c) => c.at);
    let busiest = 0;
    for (let i = 0, j = 0; i < after.length; i++) {
      while ((after[i] ?? 0) - (after[j] ?? 0) >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeGreaterThan(RATE / 2);
    expect(busiest).toBeLessThanOrEqual(RATE + 1);
  }, 120_000);
});
