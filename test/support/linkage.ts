import type Database from "better-sqlite3";

/**
 * An adversary holding the database file and the logs, trying to tell which person gave which
 * anonymous response. Each strategy pairs responses with people; `linked` counts the pairs it
 * got right (the test knows the truth from each person's typed comment).
 */
export type Attack = { strategy: string; linked: number; detail: string };

type Row = Record<string, unknown>;
type Person = string;

const TIME_MIN = Date.UTC(2000, 0, 1);
const TIME_MAX = Date.UTC(2100, 0, 1);

/** A column value read as a time, if it is one (ISO text or milliseconds). */
export function asTime(value: unknown): number | null {
  if (typeof value === "number" && value > TIME_MIN && value < TIME_MAX) return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}|$)/.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function tables(db: Database.Database): { name: string; rowid: boolean }[] {
  const names = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`)
    .all() as { name: string; sql: string }[];
  return names.map((t) => ({ name: t.name, rowid: !/WITHOUT\s+ROWID/i.test(t.sql) }));
}

function rows(db: Database.Database, table: string, rowid: boolean): Row[] {
  return db.prepare(`SELECT ${rowid ? "rowid AS __rowid, " : ""}* FROM "${table}"`).all() as Row[];
}

/** Pairs the i-th response with the i-th person of two orderings; counts right pairs. */
function pairByRank(responses: string[], people: Person[], truth: Map<string, Person>): number {
  let linked = 0;
  responses.forEach((r, i) => {
    if (people[i] !== undefined && truth.get(r) === people[i]) linked++;
  });
  return linked;
}

/** Each response goes to the person whose time is nearest its own; a tie links nobody. */
function nearest(responses: Map<string, number>, people: Map<Person, number[]>, truth: Map<string, Person>): number {
  let linked = 0;
  for (const [response, t] of responses) {
    let best: Person | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    let tie = false;
    for (const [person, times] of people) {
      const d = Math.min(...times.map((p) => Math.abs(p - t)));
      if (d < bestDistance) {
        best = person;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance) tie = true;
    }
    if (best !== null && !tie && truth.get(response) === best) linked++;
  }
  return linked;
}

/** Keys in the order of their first (or last) row. */
function seenOrder<T>(items: T[], key: (item: T) => string, last: boolean): string[] {
  const seen: string[] = [];
  for (const item of last ? [...items].reverse() : items) {
    const k = key(item);
    if (!seen.includes(k)) seen.push(k);
  }
  return last ? seen.reverse() : seen;
}

/**
 * Runs every strategy: nearest (or equal) timestamps across any two tables, insertion order
 * (rowid, and the order a plain scan returns), id order, the outbox's rows, and the logs.
 * `people` maps each person's respondent id to their platform id.
 */
export function attack(
  db: Database.Database,
  logLines: string[],
  people: Map<Person, string>,
  truth: Map<string, Person>,
): Attack[] {
  const respondentIds = new Set(people.keys());
  const byPlatformId = new Map([...people].map(([id, platformId]) => [platformId, id]));
  const personOf = (row: Row): Person | null => {
    for (const value of Object.values(row)) {
      if (typeof value === "string" && respondentIds.has(value)) return value;
      if ((typeof value === "string" || typeof value === "number") && byPlatformId.has(String(value)))
        return byPlatformId.get(String(value)) ?? null;
    }
    return null;
  };
  const responseIds = new Set(truth.keys());
  const responseOf = (row: Row): string | null => {
    for (const value of Object.values(row)) if (typeof value === "string" && responseIds.has(value)) return value;
    return null;
  };

  type Side = { table: string; rowid: boolean; rows: { row: Row; key: string }[] };
  const personSides: Side[] = [];
  const responseSides: Side[] = [];
  for (const { name, rowid } of tables(db)) {
    const all = rows(db, name, rowid);
    const responseRows = all.flatMap((row) => {
      const key = responseOf(row);
      return key ? [{ row, key }] : [];
    });
    if (responseRows.length > 0) responseSides.push({ table: name, rowid, rows: responseRows });
    const personRows = all.flatMap((row) => {
      const key = name === "Respondent" ? String(row.id) : personOf(row);
      return key && respondentIds.has(key) ? [{ row, key }] : [];
    });
    if (personRows.length > 0 && responseRows.length === 0) personSides.push({ table: name, rowid, rows: personRows });
  }

  const results: Attack[] = [];
  const best = (strategy: string, tries: { linked: number; detail: string }[]) => {
    const top = tries.reduce((a, b) => (b.linked > a.linked ? b : a), { linked: 0, detail: "nothing to compare" });
    results.push({ strategy, linked: top.linked, detail: `best of ${tries.length} pairings: ${top.detail}` });
  };

  // Timestamps: every time column of a response-side table against every one of a person-side table.
  const timeTries = (sides: Side[]) => {
    const tries: { linked: number; detail: string }[] = [];
    for (const r of responseSides) {
      const columns = Object.keys(r.rows[0]?.row ?? {}).filter((c) => r.rows.some((x) => asTime(x.row[c]) !== null));
      for (const rc of columns) {
        const responseTimes = new Map<string, number>();
        for (const { row, key } of r.rows) {
          const t = asTime(row[rc]);
          if (t !== null && !responseTimes.has(key)) responseTimes.set(key, t);
        }
        for (const p of sides) {
          const pcs = Object.keys(p.rows[0]?.row ?? {}).filter((c) => p.rows.some((x) => asTime(x.row[c]) !== null));
          for (const pc of pcs) {
            const times = new Map<Person, number[]>();
            for (const { row, key } of p.rows) {
              const t = asTime(row[pc]);
              if (t !== null) times.set(key, [...(times.get(key) ?? []), t]);
            }
            tries.push({ linked: nearest(responseTimes, times, truth), detail: `${r.table}.${rc} ~ ${p.table}.${pc}` });
          }
        }
      }
    }
    return tries;
  };
  best("equal or nearest timestamps", timeTries(personSides));

  // Orders: the order rows were inserted (rowid), a plain scan, and id order, on both sides.
  const orderTries = (kind: "rowid" | "scan" | "id", sides: Side[]) => {
    const order = (side: Side, last: boolean): string[] => {
      const list = [...side.rows];
      if (kind === "rowid") {
        if (!side.rowid) return [];
        list.sort((a, b) => Number(a.row.__rowid) - Number(b.row.__rowid));
      }
      if (kind === "id") list.sort((a, b) => String(a.row.id ?? "").localeCompare(String(b.row.id ?? "")));
      return seenOrder(list, (x) => x.key, last);
    };
    const tries: { linked: number; detail: string }[] = [];
    // A table with several rows per response or person (answers, messages) is ordered by its first and by its last row.
    for (const r of responseSides) {
      for (const rLast of [false, true]) {
        const responses = order(r, rLast);
        if (responses.length === 0) continue;
        for (const p of sides) {
          for (const pLast of [false, true]) {
            const persons = order(p, pLast);
            if (persons.length === 0) continue;
            const detail = `${r.table}${rLast ? " (last row)" : ""} ~ ${p.table}${pLast ? " (last row)" : ""}`;
            tries.push({ linked: pairByRank(responses, persons, truth), detail });
          }
        }
      }
    }
    return tries;
  };
  best("insertion order (rowid)", orderTries("rowid", personSides));
  best("physical order (plain scan)", orderTries("scan", personSides));
  best("id order", orderTries("id", personSides));
  const outbox = personSides.filter((s) => s.table === "Outbox");
  best("outbox rows (times and order)", [...timeTries(outbox), ...orderTries("rowid", outbox), ...orderTries("id", outbox)]);

  // Logs: a line naming a response beside a person, or a session named beside both.
  const sessionPerson = new Map<string, Person>();
  const sessionResponse = new Map<string, string>();
  const direct = new Map<string, Person>();
  for (const line of logLines) {
    const response = [...responseIds].find((id) => line.includes(id)) ?? null;
    const person =
      [...respondentIds].find((id) => line.includes(id)) ??
      [...byPlatformId].find(([platformId]) => line.includes(platformId))?.[1] ??
      null;
    const session = /"session":"([^"]+)"/.exec(line)?.[1] ?? null;
    if (response && person) direct.set(response, person);
    if (session && person) sessionPerson.set(session, person);
    if (session && response) sessionResponse.set(session, response);
  }
  for (const [session, response] of sessionResponse) {
    const person = sessionPerson.get(session);
    if (person && !direct.has(response)) direct.set(response, person);
  }
  results.push({
    strategy: "logs",
    linked: [...direct].filter(([r, p]) => truth.get(r) === p).length,
    detail: `${logLines.length} lines`,
  });
  return results;
}
