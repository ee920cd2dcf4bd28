import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditInput, auditDelivery, boundHidden, type SumRelation } from "../../src/reports/audit.ts";
import { disclose, type PeopleCount, shareCell, tableSums } from "../../src/reports/disclosure.ts";

const M = 5;

describe("the disclosure step", () => {
  it("hides a service of 2 people and the one of 6 beside it, so the total gives neither away", () => {
    const d = disclose({
      minCell: M,
      counts: [
        { key: "all", n: 8 },
        { key: "A", n: 2 },
        { key: "B", n: 6 },
      ],
      sums: [{ total: "all", parts: ["A", "B"] }],
    });
    expect(d.cell("A")).toEqual({ type: "hidden", reason: "small", label: "<5" });
    expect(d.cell("B")).toEqual({ type: "hidden", reason: "protects", label: "x" });
    expect(d.cell("all")).toEqual({ type: "shown", n: 8 });
    expect(auditDelivery(d.audit, M)).toEqual([]);
  });

  it("never shows '8 replies • Yes: 6 • No: <5'", () => {
    const d = disclose({
      minCell: M,
      counts: [
        { key: "replies", n: 8 },
        { key: "yes", n: 6 },
        { key: "no", n: 2 },
      ],
      sums: [{ total: "replies", parts: ["yes", "no"] }],
    });
    expect(d.isHidden("no")).toBe(true);
    expect(d.isHidden("yes") || d.isHidden("replies")).toBe(true);
  });

  it("hides the total too when it is small, and shows zeros", () => {
    const d = disclose({
      minCell: M,
      counts: [
        { key: "all", n: 3 },
        { key: "A", n: 3 },
        { key: "B", n: 0 },
      ],
      sums: [{ total: "all", parts: ["A", "B"] }],
    });
    expect(d.cell("all").type).toBe("hidden");
    expect(d.cell("A").type).toBe("hidden");
    expect(d.cell("B")).toEqual({ type: "shown", n: 0 });
  });

  it("protects across tables: a locality made of one hidden service is hidden", () => {
    // Services A (3 people) and B (9) in locality L1, C (20) alone in L2; rows by service and by locality.
    const d = disclose({
      minCell: M,
      counts: [
        { key: "all", n: 32 },
        { key: "s:A", n: 3 },
        { key: "s:B", n: 9 },
        { key: "s:C", n: 20 },
        { key: "l:L1", n: 12 },
        { key: "l:L2", n: 20 },
      ],
      sums: [
        { total: "all", parts: ["s:A", "s:B", "s:C"] },
        { total: "all", parts: ["l:L1", "l:L2"] },
        { total: "l:L1", parts: ["s:A", "s:B"] },
        { total: "l:L2", parts: ["s:C"] },
      ],
    });
    expect(d.isHidden("s:A")).toBe(true);
    expect(auditDelivery(d.audit, M)).toEqual([]);
    // L1 − B, or all − B − C, would give A: B must go, and with it C or L1 in some combination.
    const bounds = boundHidden(d.audit).find((b) => b.key === "s:A");
    expect(bounds && bounds.high - bounds.low + 1).toBeGreaterThanOrEqual(M);
  });

  it("shows a share only when enough people stand behind it and its base is shown", () => {
    expect(shareCell(0.5, 2, M)).toEqual({ type: "hidden", reason: "small", label: "<5" });
    expect(shareCell(0.8, 5, M)).toEqual({ type: "shown", value: 0.8 });
    expect(shareCell(null, 0, M)).toEqual({ type: "none" });
    expect(shareCell(0.8, 6, M, { type: "hidden", reason: "protects", label: "x" })).toEqual({
      type: "hidden",
      reason: "protects",
      label: "x",
    });
  });
});

describe("the auditor", () => {
  it("bounds the cells of a 2×2 table whose four cells are hidden and margins shown", () => {
    const key = (r: string | null, c: string | null) => `${r ?? "*"}|${c ?? "*"}`;
    const shown = { "a|*": 5, "b|*": 7, "*|x": 6, "*|y": 6, "*|*": 12 };
    const input: AuditInput = {
      cells: [
        ...["a|x", "a|y", "b|x", "b|y"].map((k) => ({ key: k, hidden: true as const, published: true })),
        ...Object.entries(shown).map(([k, n]) => ({ key: k, shown: n })),
      ],
      sums: tableSums(["a", "b"], ["x", "y"], key),
    };
    expect(boundHidden(input).map((b) => [b.key, b.low, b.high])).toEqual([
      ["a|x", 0, 5],
      ["a|y", 0, 5],
      ["b|x", 1, 6],
      ["b|y", 1, 6],
    ]);
  });

  it("reads '<5' as at most 4", () => {
    const input: AuditInput = {
      cells: [
        { key: "t", shown: 6 },
        { key: "a", hidden: true, atMost: 4, published: true },
        { key: "b", hidden: true, atMost: 4, published: true },
      ],
      sums: [{ total: "t", parts: ["a", "b"] }],
    };
    expect(auditDelivery(input, M).map((f) => [f.key, f.low, f.high])).toEqual([
      ["a", 2, 4],
      ["b", 2, 4],
    ]);
  });

  it("agrees with an exhaustive search on small random tables", () => {
    fc.assert(
      fc.property(randomTable(2, 2, 4), ({ counts, sums }) => {
        const hiddenPattern = counts.map((c, i) => ({ ...c, hide: (c.n * 7 + i) % 3 === 0 }));
        const input: AuditInput = {
          cells: hiddenPattern.map((c) =>
            c.hide
              ? { key: c.key, hidden: true as const, published: true, ...(c.n < M && { atMost: M - 1 }) }
              : { key: c.key, shown: c.n },
          ),
          sums,
        };
        const hidden = hiddenPattern.filter((c) => c.hide);
        if (hidden.length === 0 || hidden.length > 3) return;
        const { bounds: exact, limit } = exhaustive(input);
        for (const b of boundHidden(input)) {
          const e = exact.get(b.key) as { low: number; high: number };
          expect([b.key, b.low]).toEqual([b.key, e.low]);
          // Uncapped: the search reaches its own limit, beyond every figure of the table.
          if (b.high === Number.POSITIVE_INFINITY) expect(e.high).toBe(limit);
          else expect([b.key, b.high]).toEqual([b.key, e.high]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("the step on random tables", () => {
  it("shows every count as it is or hides it, hides every small one, and leaves nothing the auditor can pin", () => {
    fc.assert(
      fc.property(randomTable(5, 4, 14), fc.integer({ min: 3, max: 6 }), ({ counts, sums }, minCell) => {
        const d = disclose({ minCell, counts, sums });
        for (const c of counts) {
          const cell = d.cell(c.key);
          if (cell.type === "shown") {
            expect(cell.n).toBe(c.n);
            expect(c.n === 0 || c.n >= minCell).toBe(true);
          } else expect(cell.label).toBe(c.n < minCell ? `<${minCell}` : "x");
        }
        expect(auditDelivery(d.audit, minCell)).toEqual([]);
        // The truth lies within the bounds the auditor found.
        for (const b of boundHidden(d.audit)) {
          const n = counts.find((c) => c.key === b.key)?.n as number;
          expect(n).toBeGreaterThanOrEqual(b.low);
          expect(n).toBeLessThanOrEqual(b.high);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("protects across the tables of one delivery: services, localities and the 'All' row", () => {
    fc.assert(
      fc.property(nestedTables(), fc.integer({ min: 3, max: 6 }), ({ counts, sums }, minCell) => {
        const d = disclose({ minCell, counts, sums });
        expect(auditDelivery(d.audit, minCell)).toEqual([]);
        for (const c of counts) if (c.published !== false && c.n > 0 && c.n < minCell) expect(d.isHidden(c.key)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

/** Counts skewed small (most of our cells are a handful of people), rows × columns with margins. */
function randomTable(maxRows: number, maxColumns: number, maxCount: number) {
  return fc
    .record({ rows: fc.integer({ min: 1, max: maxRows }), columns: fc.integer({ min: 1, max: maxColumns }) })
    .chain(({ rows, columns }) =>
      fc
        .array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: maxCount })), {
          minLength: rows * columns,
          maxLength: rows * columns,
        })
        .map((values) => {
          const r = Array.from({ length: rows }, (_, i) => `r${i}`);
          const c = Array.from({ length: columns }, (_, j) => `c${j}`);
          const key = (row: string | null, column: string | null) => `${row ?? "*"}|${column ?? "*"}`;
          const at = (i: number, j: number) => values[i * columns + j] as number;
          const counts: PeopleCount[] = [];
          r.forEach((row, i) => {
            c.forEach((column, j) => {
              counts.push({ key: key(row, column), n: at(i, j) });
            });
          });
          r.forEach((row, i) => {
            counts.push({ key: key(row, null), n: c.reduce((s, _, j) => s + at(i, j), 0) });
          });
          c.forEach((column, j) => {
            counts.push({ key: key(null, column), n: r.reduce((s, _, i) => s + at(i, j), 0) });
          });
          counts.push({ key: key(null, null), n: values.reduce((s, v) => s + v, 0) });
          return { counts, sums: tableSums(r, c, key) };
        }),
    );
}

/**
 * Services each in a locality; the people of a service in its locality are never shown; one table
 * by service, one by locality, and the "All" row both share.
 */
function nestedTables() {
  return fc
    .array(
      fc.record({
        locality: fc.integer({ min: 0, max: 3 }),
        n: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 20 })),
      }),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .map((services) => {
      const counts: PeopleCount[] = [];
      const sums: SumRelation[] = [];
      const localities = [...new Set(services.map((s) => s.locality))];
      services.forEach((s, i) => {
        counts.push({ key: `s${i}`, n: s.n }, { key: `s${i}@l${s.locality}`, n: s.n, published: false });
        sums.push({ total: `s${i}`, parts: [`s${i}@l${s.locality}`] });
      });
      for (const l of localities) {
        const within = services.flatMap((s, i) => (s.locality === l ? [i] : []));
        counts.push({ key: `l${l}`, n: within.reduce((sum, i) => sum + (services[i]?.n ?? 0), 0) });
        sums.push({ total: `l${l}`, parts: within.map((i) => `s${i}@l${l}`) });
      }
      counts.push({ key: "all", n: services.reduce((sum, s) => sum + s.n, 0) });
      sums.push(
        { total: "all", parts: services.map((_, i) => `s${i}`) },
        { total: "all", parts: localities.map((l) => `l${l}`) },
      );
      return { counts, sums };
    });
}

/**
 * Every assignment of the hidden cells from 0 to just above the sum of the shown figures (no
 * capped cell can exceed that) that satisfies the sums: the exact integer bounds.
 */
function exhaustive(input: AuditInput): { bounds: Map<string, { low: number; high: number }>; limit: number } {
  const hidden = input.cells.filter((c) => "hidden" in c).map((c) => c.key);
  const shown = new Map(input.cells.flatMap((c) => ("shown" in c ? [[c.key, c.shown] as const] : [])));
  const limit = [...shown.values()].reduce((a, b) => a + b, 0) + 2;
  const caps = new Map(input.cells.flatMap((c) => ("hidden" in c && c.atMost !== undefined ? [[c.key, c.atMost] as const] : [])));
  const out = new Map(hidden.map((k) => [k, { low: Number.POSITIVE_INFINITY, high: Number.NEGATIVE_INFINITY }]));
  const value = new Map<string, number>(shown);
  const holds = () =>
    input.sums.every((s) => {
      const parts = s.parts.map((p) => value.get(p));
      const total = value.get(s.total);
      if (total === undefined || parts.some((p) => p === undefined)) {
        const known = parts.filter((p): p is number => p !== undefined).reduce((a, b) => a + b, 0);
        return total === undefined || known <= total;
      }
      return (parts as number[]).reduce((a, b) => a + b, 0) === total;
    });
  const search = (i: number) => {
    if (i === hidden.length) {
      for (const k of hidden) {
        const b = out.get(k) as { low: number; high: number };
        const v = value.get(k) as number;
        b.low = Math.min(b.low, v);
        b.high = Math.max(b.high, v);
      }
      return;
    }
    const k = hidden[i] as string;
    for (let v = 0; v <= Math.min(limit, caps.get(k) ?? limit); v++) {
      value.set(k, v);
      if (holds()) search(i + 1);
    }
    value.delete(k);
  };
  search(0);
  return { bounds: out, limit };
}
