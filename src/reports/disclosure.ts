import { type AuditCell, type AuditFinding, type AuditInput, auditDelivery, type SumRelation } from "./audit.ts";

/**
 * The one disclosure-control step every figure leaving the server passes (the summary's text,
 * chart and workbook, `/results`, the admin API, the dashboard and public pages).
 *
 * Input: the counts of distinct people a delivery would show, with the sums that tie them
 * (a table's margins and total, the same total in another table of the delivery, and counts
 * never shown that sit under two tables, such as the people of one service in one locality).
 * Output: for each count, shown or hidden:
 * - a count of 1 to `minCell − 1` people is hidden and reads "<minCell" (primary suppression);
 * - wherever the shown figures and the sums would still tell a hidden count within fewer than
 *   `minCell` possible values, more counts are hidden (complementary suppression): the cheapest
 *   few of those that pin it (fewest people, times their `weight`), until the auditor
 *   (`audit.ts`) finds every hidden count protected. A count hidden this way that is not small
 *   reads "x".
 * Hidden values never leave this module: a `CountCell` that is hidden holds no number.
 *
 * Shares and means are shown only when at least `minCell` people stand behind them and their
 * base count is not hidden: see `shareCell`.
 */

/**
 * A count of distinct people (not of answers). `published: false`: never shown, but tied by sums.
 * `weight`: how much hiding it costs the reader, against the others (default 1): the step hides
 * the cheapest counts that protect, so a heavy "All" row is hidden last.
 */
export type PeopleCount = { key: string; n: number; published?: boolean; weight?: number };

export type DisclosureInput = {
  /** MIN_CELL, or the survey's own higher `minCell`. */
  minCell: number;
  counts: PeopleCount[];
  /** `total` is the sum of `parts`, as the delivery shows or implies. */
  sums: SumRelation[];
  /** Keys to hide whatever their size (e.g. a row hidden in another table of the same figures). */
  hide?: Iterable<string>;
};

export type HiddenReason = "small" | "protects";

export type CountCell = { type: "shown"; n: number } | { type: "hidden"; reason: HiddenReason; label: string };

export type Disclosed = {
  readonly minCell: number;
  /** The count as the delivery shows it; throws `UnknownCountError` for a key not given. */
  cell(key: string): CountCell;
  /** The count if shown, else null. */
  shown(key: string): number | null;
  isHidden(key: string): boolean;
  /** Every hidden published key. */
  readonly hidden: ReadonlySet<string>;
  /** What the delivery shows, in the auditor's form (hidden values absent). */
  readonly audit: AuditInput;
};

/** What a cell hidden only to protect another (not itself small) reads. */
export const PROTECTED_LABEL = "x";

export class UnknownCountError extends Error {
  constructor(key: string) {
    super(`no count "${key}" was given to the disclosure step`);
    this.name = "UnknownCountError";
  }
}

/** Whether a count of people is too small to show: more than nobody, fewer than `minCell`. */
export function isSmall(count: number, minCell: number): boolean {
  return count > 0 && count < minCell;
}

/** What a count under the threshold shows: "<5". */
export function smallLabel(minCell: number): string {
  return `<${minCell}`;
}

/**
 * Decides which counts a delivery shows.
 * @example
 * const d = disclose({ minCell: 5, counts: [{ key: "all", n: 8 }, { key: "A", n: 2 }, { key: "B", n: 6 }],
 *   sums: [{ total: "all", parts: ["A", "B"] }] });
 * d.cell("A") // { type: "hidden", reason: "small", label: "<5" }
 * d.cell("B") // hidden too ("x"): else 8 − 6 would give A away
 */
export function disclose(input: DisclosureInput): Disclosed {
  const { minCell } = input;
  const counts = new Map<string, PeopleCount>();
  for (const c of input.counts) counts.set(c.key, c);
  const order = new Map([...counts.keys()].map((k, i) => [k, i]));
  const hidden = new Set<string>();
  for (const c of counts.values()) if (c.published !== false && isSmall(c.n, minCell)) hidden.add(c.key);
  for (const key of input.hide ?? []) if (counts.has(key)) hidden.add(key);

  const auditInput = (): AuditInput => ({
    cells: [...counts.values()].map((c) => auditCell(c, hidden, minCell)),
    sums: input.sums,
  });
  const sumsOf = new Map<string, SumRelation[]>();
  for (const sum of input.sums) {
    for (const key of new Set([sum.total, ...sum.parts])) sumsOf.set(key, [...(sumsOf.get(key) ?? []), sum]);
  }

  // Each round hides at least one more count, so this ends; the auditor decides when it is enough.
  for (let findings = auditDelivery(auditInput(), minCell); findings.length > 0; ) {
    const first = findings[0] as { key: string };
    const candidates = [...near(first.key, sumsOf, counts, hidden)].map((k) => counts.get(k) as PeopleCount);
    const freed = (keys: string[]) => {
      for (const k of keys) hidden.add(k);
      const after = auditDelivery(auditInput(), minCell);
      for (const k of keys) hidden.delete(k);
      return after.some((f) => f.key === first.key) ? null : after;
    };
    // The cheapest few counts whose hiding frees it; else everything that pins it.
    let chosen: { keys: string[]; findings: AuditFinding[] } | null = null;
    for (const set of cheapestSets(candidates, order)) {
      const after = freed(set.map((c) => c.key));
      if (after) {
        chosen = { keys: set.map((c) => c.key), findings: after };
        break;
      }
    }
    if (!chosen) {
      const before = hidden.size;
      for (const key of connected(first.key, sumsOf)) if (counts.get(key)?.published !== false) hidden.add(key);
      // Everything tied to it is hidden already: nothing more can be done (the auditor's tests say so).
      if (hidden.size === before) break;
      findings = auditDelivery(auditInput(), minCell);
      continue;
    }
    for (const k of chosen.keys) hidden.add(k);
    findings = chosen.findings;
  }

  const audit = auditInput();
  return {
    minCell,
    cell(key) {
      const c = counts.get(key);
      if (!c || c.published === false) throw new UnknownCountError(key);
      if (!hidden.has(key)) return { type: "shown", n: c.n };
      const reason: HiddenReason = c.n < minCell ? "small" : "protects";
      return { type: "hidden", reason, label: reason === "small" ? smallLabel(minCell) : PROTECTED_LABEL };
    },
    shown(key) {
      const cell = this.cell(key);
      return cell.type === "shown" ? cell.n : null;
    },
    isHidden(key) {
      return this.cell(key).type === "hidden";
    },
    hidden: new Set([...hidden].filter((k) => counts.get(k)?.published !== false)),
    audit,
  };
}

function auditCell(c: PeopleCount, hidden: Set<string>, minCell: number): AuditCell {
  if (c.published === false) return { key: c.key, hidden: true, published: false };
  if (!hidden.has(c.key)) return { key: c.key, shown: c.n };
  // "<5" says at most 4; "x" says nothing a linear bound can hold.
  return c.n < minCell
    ? { key: c.key, hidden: true, atMost: minCell - 1, published: true }
    : { key: c.key, hidden: true, published: true };
}

/**
 * The shown counts that pin `key`: those in the sums it shares with other hidden counts, looking
 * through every count hidden or never published (all of them unknowns to a reader).
 */
function near(
  key: string,
  sumsOf: Map<string, SumRelation[]>,
  counts: Map<string, PeopleCount>,
  hidden: Set<string>,
): Set<string> {
  const out = new Set<string>();
  const seen = new Set([key]);
  const queue = [key];
  for (let k = queue.pop(); k !== undefined; k = queue.pop()) {
    for (const sum of sumsOf.get(k) ?? []) {
      for (const other of [sum.total, ...sum.parts]) {
        if (seen.has(other)) continue;
        seen.add(other);
        const c = counts.get(other);
        if (!c) continue;
        if (c.published === false || hidden.has(other)) queue.push(other);
        else out.add(other);
      }
    }
  }
  return out;
}

/** Sets of one to three of the cheapest counts, cheapest first (weight × people; a zero protects nothing, so costs most). */
function cheapestSets(cells: PeopleCount[], order: Map<string, number>): PeopleCount[][] {
  const cost = (c: PeopleCount) => (c.weight ?? 1) * (c.n > 0 ? c.n : 1_000_000);
  const cheapest = [...cells]
    .sort((a, b) => cost(a) - cost(b) || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0))
    .slice(0, CANDIDATES_TRIED);
  const sets: PeopleCount[][] = [];
  cheapest.forEach((a, i) => {
    sets.push([a]);
    cheapest.slice(i + 1).forEach((b, j) => {
      sets.push([a, b]);
      for (const c of cheapest.slice(i + j + 2)) sets.push([a, b, c]);
    });
  });
  const total = (set: PeopleCount[]) => set.reduce((sum, c) => sum + cost(c), 0);
  return sets.sort((a, b) => total(a) - total(b) || a.length - b.length).slice(0, MAX_SETS_TRIED);
}

/** The cheapest counts combined in the search: 8 give 92 sets of up to three. */
const CANDIDATES_TRIED = 8;
/** At our sizes (a dozen rows) a few dozen tries find a cheap pattern; beyond that, hide the group. */
const MAX_SETS_TRIED = 60;

function connected(start: string, sumsOf: Map<string, SumRelation[]>): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    for (const sum of sumsOf.get(key) ?? []) {
      for (const k of [sum.total, ...sum.parts]) {
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(k);
        }
      }
    }
  }
  return seen;
}

/** A share or a mean as a delivery shows it; a hidden one holds no value. */
export type FigureCell<T> =
  | { type: "shown"; value: T }
  | { type: "none" }
  | { type: "hidden"; reason: HiddenReason; label: string };

/**
 * A share or mean of `people` distinct people: shown only when at least `minCell` people stand
 * behind it and its base count (if the delivery has one) is not hidden; `none` when nobody
 * answered (and that is not itself hidden).
 * @example shareCell(0.75, 8, 5) // { type: "shown", value: 0.75 }
 */
export function shareCell<T>(value: T | null, people: number, minCell: number, base?: CountCell): FigureCell<T> {
  // A hidden base hides even "nobody answered": that zero would be a figure of the hidden table.
  if (base?.type === "hidden") return { type: "hidden", reason: base.reason, label: base.label };
  if (value === null || people === 0) return { type: "none" };
  if (people < minCell) return { type: "hidden", reason: "small", label: smallLabel(minCell) };
  return { type: "shown", value };
}

/**
 * The sums of a two-way breakdown: each row's and each column's total, and the grand total,
 * with keys `key(row, column)`, `key(row, null)`, `key(null, column)` and `key(null, null)`.
 */
export function tableSums(
  rows: string[],
  columns: string[],
  key: (row: string | null, column: string | null) => string,
): SumRelation[] {
  return [
    ...rows.map((r) => ({ total: key(r, null), parts: columns.map((c) => key(r, c)) })),
    ...columns.map((c) => ({ total: key(null, c), parts: rows.map((r) => key(r, c)) })),
    { total: key(null, null), parts: rows.map((r) => key(r, null)) },
  ];
}
