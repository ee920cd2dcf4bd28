import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wallClock } from "../../src/time.ts";
import { type Attack, asTime, attack } from "../support/linkage.ts";
import { type Harness, telegramHarness, telegramUser } from "../support/telegram.ts";

/**
 * The attack of the threat model: people complete the anonymous default survey through the
 * real Telegram webhook, interleaved, over real time; then, holding only the database file
 * and the captured logs, each strategy tries to pair responses with people.
 */
const PEOPLE = 12;
const TZ = "Europe/Chisinau";
/**
 * A random pairing of 12 responses with 12 people gets one right on average; 8 or more right
 * happens less than once in 100,000 pairings (the strategies try about a hundred). More is not chance.
 */
const CHANCE_BOUND = 7;
const TAPS = [2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];

let h: Harness;
let results: Attack[] = [];
let responses: Record<string, unknown>[] = [];
let answers: Record<string, unknown>[] = [];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await telegramHarness();
  const users = Array.from({ length: PEOPLE }, (_, i) => telegramUser(h, { id: 7_300_000_100 + i, language: "ro" }));
  // Each person's steps: /start, consent, the taps, then a comment only they typed (the truth).
  const steps = users.map((user, i) => [
    () => user.text("/start"),
    () => user.tap(1),
    ...TAPS.map((n) => () => user.tap(n)),
    () => user.text(`Comentariul persoanei ${i}`),
  ]);
  let seed = 20261201;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (;;) {
    const waiting = steps.map((s, i) => (s.length > 0 ? i : -1)).filter((i) => i >= 0);
    if (waiting.length === 0) break;
    const next = steps[waiting[Math.floor(random() * waiting.length)] as number]?.shift();
    await next?.();
    await pause(1 + Math.floor(random() * 4));
  }

  const people = new Map<string, string>();
  for (const user of users) {
    const row = h.db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = ?`).get(String(user.from.id)) as
      | { id: string }
      | undefined;
    if (row) people.set(row.id, String(user.from.id));
  }
  const byComment = new Map(users.map((user, i) => [`Comentariul persoanei ${i}`, String(user.from.id)]));
  const idOf = new Map([...people].map(([id, platformId]) => [platformId, id]));
  const truth = new Map<string, string>();
  for (const row of h.db.sql.prepare(`SELECT "responseId", value FROM "Answer" WHERE question = 'comment'`).all() as {
    responseId: string;
    value: string;
  }[]) {
    const person = idOf.get(byComment.get(JSON.parse(row.value) as string) ?? "");
    if (person) truth.set(row.responseId, person);
  }
  expect(truth.size).toBe(PEOPLE);
  results = attack(h.db.sql, h.log.lines, people, truth);
  responses = h.db.sql.prepare(`SELECT * FROM "Response"`).all() as Record<string, unknown>[];
  answers = h.db.sql.prepare(`SELECT * FROM "Answer"`).all() as Record<string, unknown>[];
}, 120_000);
afterAll(() => h.close());

describe("anonymous responses, attacked with the database file and the logs", () => {
  it("are all stored, one per person", () => {
    expect(responses).toHaveLength(PEOPLE);
    expect(responses.every((r) => r.respondentId === null)).toBe(true);
  });

  it.each([
    "equal or nearest timestamps",
    "insertion order (rowid)",
    "physical order (plain scan)",
    "id order",
    "outbox rows (times and order)",
    "logs",
  ])("%s links no more than chance", (strategy) => {
    const result = results.find((r) => r.strategy === strategy);
    if (!result) throw new Error(`no result for ${strategy}`);
    // biome-ignore lint/suspicious/noConsole: the figures of the attack belong in the test output
    console.log(`${strategy}: linked ${result.linked} of ${PEOPLE} (${result.detail})`);
    expect(result.linked).toBeLessThanOrEqual(strategy === "logs" ? 0 : CHANCE_BOUND);
  });

  it("keeps no time of day on any column of a response or an answer", () => {
    const times = [...responses, ...answers].flatMap((row) =>
      Object.entries(row).flatMap(([column, value]) => {
        const t = asTime(value);
        return t === null ? [] : [{ column, value, clock: wallClock(t, TZ) % 86_400_000 }];
      }),
    );
    expect(times.length).toBeGreaterThan(0);
    expect(times.filter((t) => t.clock !== 0)).toEqual([]);
  });
});
