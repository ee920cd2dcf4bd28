import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigJson, sign, VIBER_FIXTURES, viberFixture } from "../../support/fake-viber.ts";
import { SIGNATURE_HEADER, type ViberHarness, viberHarness } from "../../support/viber.ts";

let h: ViberHarness;
beforeAll(async () => {
  h = await viberHarness();
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
  1.5,
  2 ** 53,
  Number.MAX_VALUE,
  "",
  "x".repeat(5000),
  "btn:q0:1",
  "btn:consent:yes",
  "btn:forget:yes",
  "btn:",
  "/start svc_NOPE",
  "/forget",
  "svc_DEMO",
  "text",
  "picture",
  "message",
  "conversation_started",
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

/** A fixture as an object, its token kept as digits (written back as a bare number). */
const fixtures = VIBER_FIXTURES.map((name) => {
  const text = viberFixture(name);
  const token = /"message_token": (\d+)/.exec(text)?.[1];
  const value = JSON.parse(text) as Record<string, unknown>;
  if (token) value.message_token = token;
  return value;
});

const tables = () =>
  (
    h.db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const snapshot = () => tables().map((t) => `${t}:${h.count(t)}`);

describe("a fuzzed Viber webhook", () => {
  it("refuses every body whose signature does not match, before reading it: 401, nothing written", async () => {
    const rnd = random(20261125);
    const before = snapshot();
    for (let i = 0; i < 500; i++) {
      const original = bigJson(fixtures[i % fixtures.length] ?? {});
      const mutated = JSON.stringify(mutate(JSON.parse(original), rnd));
      // Signed as the original was, or with a key that is almost the token.
      const signature = rnd() < 0.5 ? sign(h.fake.token, original) : sign(`${h.fake.token}x`, mutated);
      if (mutated === original) continue;
      const response = await h.post(mutated, { [SIGNATURE_HEADER]: signature });
      expect(response.status, `case ${i}`).toBe(401);
    }
    expect(snapshot()).toEqual(before);
    expect(h.fake.calls).toHaveLength(0);
  });

  it("never answers 5xx to signed, mutated callbacks, and records no answer", async () => {
    const rnd = random(20261124);
    const statuses = new Map<number, number>();
    const answersBefore = h.count("Answer");
    for (let i = 0; i < 2000; i++) {
      const mutated = mutate(fixtures[i % fixtures.length], rnd) as Record<string, unknown>;
      // Keep most tokens valid and fresh, so the fuzzing reaches past the shape check.
      if (rnd() < 0.8 && typeof mutated === "object" && mutated)
        mutated.message_token = String(7_000_000_000_000_000_000n + BigInt(i));
      const text = typeof mutated === "object" && mutated && !Array.isArray(mutated) ? bigJson(mutated) : JSON.stringify(mutated);
      const body = rnd() < 0.05 ? text.slice(0, Math.floor(rnd() * 40)) : text;
      const response = await h.post(body);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `case ${i}: ${body.slice(0, 200)}`).toBeLessThan(500);
    }
    await h.drain();
    // Nothing fuzzed can answer a question: no one in these chats gave consent.
    expect(h.count("Answer")).toBe(answersBefore);
    expect(statuses.get(200)).toBeGreaterThan(400);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Everything queued was a well-formed message Viber accepted (or a refusal mapped, never a crash).
    const refusedAsBadData = h.fake
      .callsTo("send_message")
      .filter((c) => c.answer && "status" in c.answer && c.answer.status === 3);
    expect(refusedAsBadData).toEqual([]);
  });
});
