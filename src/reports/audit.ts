import { type LinearRow, linearBounds } from "./simplex.ts";

/**
 * The auditor, as statistical offices run one before publishing: given everything one delivery
 * shows (its cells, margins and totals, across all its tables) it computes the tightest bounds
 * those figures allow on each cell it hides, by linear programming over the delivery's sums with
 * every count ≥ 0. A hidden cell is protected when its bounds span at least `minCell` values
 * (for a "<5" cell: it could be anything from 0 to 4).
 *
 * The disclosure step (`disclosure.ts`) runs it on every table it protects, and tests run it on
 * the figures each delivery exposes (`Summary.disclosure`, `/results`, the admin API).
 */

/** One figure of a delivery: a count it shows, or one it hides. */
export type AuditCell =
  | { key: string; shown: number }
  /** Hidden; `atMost` is what its label says ("<5": at most 4), absent for a cell never published. */
  | { key: string; hidden: true; atMost?: number; published: boolean };

/** A delivery states or implies that `total` is the sum of `parts` (a margin, the "All" row...). */
export type SumRelation = { total: string; parts: string[] };

/** Everything one delivery shows, in a form the auditor reads. */
export type AuditInput = { cells: AuditCell[]; sums: SumRelation[] };

/** What the figures allow a hidden cell to be: integers from `low` to `high` (Infinity: no cap). */
export type CellBounds = { key: string; low: number; high: number; published: boolean };

/** A hidden cell the figures pin down too tightly. */
export type AuditFinding = CellBounds & { span: number };

/** A sum names a cell the delivery does not have. */
export class UnknownCellError extends Error {
  constructor(key: string) {
    super(`a sum names "${key}", which is not a cell of the delivery`);
    this.name = "UnknownCellError";
  }
}

/** The number of integer values from low to high. */
export function spanOf(bounds: { low: number; high: number }): number {
  return bounds.high === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : bounds.high - bounds.low + 1;
}

/**
 * The bounds of every hidden cell, tightest the delivery's figures allow.
 * @example
 * boundHidden({ cells: [{ key: "all", shown: 8 }, { key: "a", hidden: true, atMost: 4, published: true },
 *   { key: "b", hidden: true, published: true }], sums: [{ total: "all", parts: ["a", "b"] }] })
 * // a: 0..4, b: 4..8
 */
export function boundHidden(input: AuditInput): CellBounds[] {
  const byKey = new Map(input.cells.map((c) => [c.key, c]));
  const hidden = input.cells.filter((c): c is Extract<AuditCell, { hidden: true }> => "hidden" in c);
  const index = new Map(hidden.map((c, i) => [c.key, i]));

  // Each sum as Σ parts − total = 0, the shown figures moved to the right-hand side.
  const rows: LinearRow[] = [];
  for (const sum of input.sums) {
    const coefficients = new Map<number, number>();
    let rhs = 0;
    const add = (key: string, sign: number) => {
      const cell = byKey.get(key);
      if (!cell) throw new UnknownCellError(key);
      if ("shown" in cell) rhs -= sign * cell.shown;
      else {
        const i = index.get(key) as number;
        coefficients.set(i, (coefficients.get(i) ?? 0) + sign);
      }
    };
    for (const part of sum.parts) add(part, 1);
    add(sum.total, -1);
    for (const [i, a] of coefficients) if (a === 0) coefficients.delete(i);
    if (coefficients.size > 0) rows.push({ coefficients, rhs });
  }
  // A label's cap: x + slack = atMost, the slack a variable of its own.
  const caps = hidden.flatMap((c, i) => (c.atMost === undefined ? [] : [{ i, atMost: c.atMost }]));

  // Cells tied by no row are independent: solve each connected group on its own (small LPs).
  const parent = hidden.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const row of rows) {
    const [first, ...rest] = [...row.coefficients.keys()];
    for (const j of rest) parent[find(j)] = find(first as number);
  }
  const groups = new Map<number, number[]>();
  for (const i of hidden.keys()) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }

  const bounds: CellBounds[] = hidden.map((c) => ({
    key: c.key,
    low: 0,
    high: Number.POSITIVE_INFINITY,
    published: c.published,
  }));
  for (const members of groups.values()) {
    const local = new Map(members.map((i, j) => [i, j]));
    const groupCaps = caps.filter((c) => local.has(c.i));
    const variables = members.length + groupCaps.length;
    const groupRows: LinearRow[] = rows
      .filter((r) => local.has([...r.coefficients.keys()][0] as number))
      .map((r) => ({ coefficients: new Map([...r.coefficients].map(([i, a]) => [local.get(i) as number, a])), rhs: r.rhs }));
    groupCaps.forEach((cap, s) => {
      groupRows.push({
        coefficients: new Map([
          [local.get(cap.i) as number, 1],
          [members.length + s, 1],
        ]),
        rhs: cap.atMost,
      });
    });
    const solved = linearBounds(variables, groupRows);
    for (const [j, i] of members.entries()) {
      const b = solved[j] as { low: number; high: number };
      (bounds[i] as CellBounds).low = b.low;
      (bounds[i] as CellBounds).high = b.high;
    }
  }
  return bounds;
}

/**
 * The hidden cells a delivery does not protect: a hidden cell that may hold someone (a cell known
 * to be empty tells nothing about anyone, as a zero shown does not) whose bounds span fewer than
 * `minCell` values; for a cell never published (the people of a service in one locality), only
 * when it could also be small, since one known to hold at least `minCell` people is no secret.
 */
export function auditDelivery(input: AuditInput, minCell: number): AuditFinding[] {
  return boundHidden(input)
    .map((b) => ({ ...b, span: spanOf(b) }))
    .filter((b) => b.span < minCell && b.high > 0 && (b.published || b.low < minCell));
}
