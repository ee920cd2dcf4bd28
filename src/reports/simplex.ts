/**
 * A small dense simplex for the auditor: the tightest bounds a set of linear equalities over
 * non-negative variables allows on each variable. Two phases (artificial variables first),
 * Bland's rule so that degenerate tables (most of ours: zero right-hand sides) never cycle.
 * Sizes are a table of a summary: tens of variables, so a dense tableau is simplest and fast.
 */

/** Σ coefficients·x = rhs, over variable indexes. */
export type LinearRow = { coefficients: Map<number, number>; rhs: number };

export type VariableBounds = { low: number; high: number };

/** The equalities have no solution with every variable ≥ 0 (the figures contradict each other). */
export class InfeasibleError extends Error {
  constructor() {
    super("the figures admit no non-negative solution");
    this.name = "InfeasibleError";
  }
}

const EPS = 1e-9;

type Tableau = {
  /** rows × (columns + 1); the last column is the right-hand side. */
  rows: Float64Array[];
  basis: number[];
  columns: number;
};

function pivot(t: Tableau, r: number, c: number, objective: Float64Array | null): void {
  const row = t.rows[r] as Float64Array;
  const p = row[c] as number;
  for (let j = 0; j <= t.columns; j++) row[j] = (row[j] as number) / p;
  const eliminate = (other: Float64Array) => {
    const f = other[c] as number;
    if (Math.abs(f) < EPS) return;
    for (let j = 0; j <= t.columns; j++) other[j] = (other[j] as number) - f * (row[j] as number);
  };
  for (const [i, other] of t.rows.entries()) if (i !== r) eliminate(other);
  if (objective) eliminate(objective);
  t.basis[r] = c;
}

/**
 * Minimises cost·x from the tableau's (feasible) basis, over the columns `allowed` lets enter.
 * Returns the minimum, or -Infinity when it is unbounded.
 */
function minimise(t: Tableau, cost: Float64Array, allowed: (column: number) => boolean): number {
  // Reduced costs: cost minus the basic columns' costs times their rows; the last entry is −value.
  const z = Float64Array.from(cost);
  z[t.columns] = 0;
  for (const [i, row] of t.rows.entries()) {
    const cb = cost[t.basis[i] as number] as number;
    if (cb === 0) continue;
    for (let j = 0; j <= t.columns; j++) z[j] = (z[j] as number) - cb * (row[j] as number);
  }
  for (;;) {
    let entering = -1;
    for (let j = 0; j < t.columns; j++) {
      if (allowed(j) && (z[j] as number) < -EPS) {
        entering = j;
        break;
      }
    }
    if (entering < 0) return -(z[t.columns] as number);
    let leaving = -1;
    let best = Number.POSITIVE_INFINITY;
    for (const [i, row] of t.rows.entries()) {
      const a = row[entering] as number;
      if (a <= EPS) continue;
      const ratio = (row[t.columns] as number) / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && (t.basis[i] as number) < (t.basis[leaving] as number))) {
        best = ratio;
        leaving = i;
      }
    }
    if (leaving < 0) return Number.NEGATIVE_INFINITY;
    pivot(t, leaving, entering, z);
  }
}

function copy(t: Tableau): Tableau {
  return { rows: t.rows.map((r) => Float64Array.from(r)), basis: [...t.basis], columns: t.columns };
}

/**
 * The lowest and highest value each of `variables` variables can take with every row holding
 * and every variable ≥ 0 (high is Infinity where nothing caps it).
 * @example linearBounds(2, [{ coefficients: new Map([[0, 1], [1, 1]]), rhs: 8 }]) // [{low:0,high:8},{low:0,high:8}]
 */
export function linearBounds(variables: number, equalities: LinearRow[]): VariableBounds[] {
  const m = equalities.length;
  const columns = variables + m; // the real variables, then one artificial per row
  const rows = equalities.map((eq, i) => {
    const sign = eq.rhs < 0 ? -1 : 1;
    const row = new Float64Array(columns + 1);
    for (const [j, a] of eq.coefficients) row[j] = (row[j] as number) + sign * a;
    row[variables + i] = 1;
    row[columns] = sign * eq.rhs;
    return row;
  });
  const t: Tableau = { rows, basis: equalities.map((_, i) => variables + i), columns };

  const phaseOne = new Float64Array(columns + 1);
  for (let j = variables; j < columns; j++) phaseOne[j] = 1;
  if (minimise(t, phaseOne, () => true) > 1e-7) throw new InfeasibleError();

  // Drive the artificials out of the basis; a row that cannot lose its artificial is redundant.
  const keep: number[] = [];
  for (const [i, row] of t.rows.entries()) {
    if ((t.basis[i] as number) < variables) {
      keep.push(i);
      continue;
    }
    let c = -1;
    for (let j = 0; j < variables; j++) {
      if (Math.abs(row[j] as number) > 1e-7) {
        c = j;
        break;
      }
    }
    if (c < 0) continue;
    pivot(t, i, c, null);
    keep.push(i);
  }
  const feasible: Tableau = {
    rows: keep.map((i) => t.rows[i] as Float64Array),
    basis: keep.map((i) => t.basis[i] as number),
    columns,
  };
  const real = (j: number) => j < variables;

  const out: VariableBounds[] = [];
  for (let k = 0; k < variables; k++) {
    const cost = new Float64Array(columns + 1);
    cost[k] = 1;
    const low = minimise(copy(feasible), cost, real);
    cost[k] = -1;
    const negHigh = minimise(copy(feasible), cost, real);
    out.push({
      low: Math.max(0, Math.ceil(low - 1e-6)),
      high: negHigh === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.floor(-negHigh + 1e-6),
    });
  }
  return out;
}
