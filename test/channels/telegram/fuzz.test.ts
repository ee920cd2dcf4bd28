import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramFixture } from "../../support/fake-telegram.ts";
import { type Harness, telegramHarness } from "../../support/telegram.ts";

let h: Harness;
beforeAll(async () => {
  h = await telegramHarness();
});
afterAll(() => h.close());

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WEIRD: unknown[] = [
  null,
  true,
  0,
  -1,
  2 ** 53,
  Number.MAX_VALUE,
  "",
  "x".repeat(5000),
  "/start svc_",
  "/start svc_NOPE",
  "/start@OtherBot",
  "/forget",
  "q0:1",
  "\u0000",
  "😀".repeat(100),
  [],
  {},
  [{}],
  { id: "1" },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") {
    return rnd() < 0.35 ? WEIRD[Math.floor(rnd() * WEIRD.length)] : value;
  }
  if (Array.isArray(value)) return value.map((v) => mutate(v, rnd, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = rnd();
    if (r < 0.1) continue; // drop a field
    out[k] = r < 0.55 ? mutate(v, rnd, depth + 1) : v;
  }
  if (rnd() < 0.1) out[`extra_${Math.floor(rnd() * 10)}`] = WEIRD[Math.floor(rnd() * WEIRD.length)];
  return out;
}

const FIXTURES = [
  "start",
  "start-deep-link",
  "text",
  "callback-query",
  "command-help",
  "command-stop",
  "command-forget",
  "command-language",
  "photo",
  "sticker",
  "voice",
  "edited-message",
  "channel-post",
  "my-chat-member-blocked",
  "group-message",
  "poll",
  "chat-join-request",
] as const;

describe("a fuzzed webhook", () => {
  it("never answers 5xx, and malformed updates write no answer", async () => {
    const rnd = random(20261124);
    const statuses = new Map<number, number>();
    const answersBefore = (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "Answer"`).get() as { n: number }).n;
    for (let i = 0; i < 2500; i++) {
      const base = telegramFixture(FIXTURES[i % FIXTURES.length] ?? "start");
      const mutated = mutate(base, rnd) as Record<string, unknown>;
      // Keep most update ids valid and fresh, so the fuzzing reaches past the shape check.
      if (rnd() < 0.8 && typeof mutated === "object" && mutated) mutated.update_id = 900_000_000 + i;
      const body = rnd() < 0.05 ? JSON.stringify(mutated).slice(0, Math.floor(rnd() * 40)) : JSON.stringify(mutated);
      const response = await h.post(body);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `case ${i}: ${body.slice(0, 200)}`).toBeLessThan(500);
    }
    await h.drain();
    // Nothing fuzzed can complete a question: no consent was given in these chats.
    const answersAfter = (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "Answer"`).get() as { n: number }).n;
    expect(answersAfter).toBe(answersBefore);
    expect(statuses.get(200)).toBeGreaterThan(500);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
