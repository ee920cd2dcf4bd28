/**
 * Small-cell suppression for every breakdown the directorate sees (text, chart, workbook):
 * a cell counting fewer than `minCell` people shows as "<minCell". Where a line of cells has
 * its total shown and exactly one of its cells is hidden, that cell could be worked out by
 * subtraction, so the smallest other non-empty cell of the line is hidden too (complementary
 * suppression; an empty cell is used only if no other is left, as a known zero protects nothing). Hiding a cell may leave another line with a single hidden cell, so the rule
 * is applied until nothing changes. Pure, no I/O.
 */

export type SuppressionOptions = {
  minCell: number;
  /** Each row's total is shown (so a row must not hold exactly one hidden cell). */
  rowTotals?: boolean;
  /** Each column's total is shown. */
  columnTotals?: boolean;
  /** Cells to hide whatever their size (`hidden[row][column]`), e.g. to protect another table. */
  hidden?: boolean[][];
};

export type Suppressed = {
  /** `cells[row][column]`: true where the cell is hidden. */
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
};

/** Whether a count of people is too small to show: more than nobody, fewer than `minCell`. */
export function isSmall(count: number, minCell: number): boolean {
  return count > 0 && count < minCell;
}

/** What a hidden cell shows. */
export function hiddenLabel(minCell: number): string {
  return `<${minCell}`;
}

/**
 * @example suppress([[3], [7], [12]], { minCell: 5, columnTotals: true }).cells // [[true], [true], [false]]
 */
export function suppress(counts: number[][], options: SuppressionOptions): Suppressed {
  const { minCell } = options;
  const columns = Math.max(0, ...counts.map((row) => row.length));
  const hidden = counts.map((row, r) => row.map((n, c) => isSmall(n, minCell) || options.hidden?.[r]?.[c] === true));
  const lines: [number, number][][] = [];
  if (options.rowTotals) {
    for (const [r, row] of counts.entries()) lines.push(row.map((_, c): [number, number] => [r, c]));
  }
  if (options.columnTotals) {
    for (let c = 0; c < columns; c++) {
      lines.push(counts.flatMap((row, r) => (c < row.length ? [[r, c] as [number, number]] : [])));
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenHere = line.filter(([r, c]) => hidden[r]?.[c]);
      if (hiddenHere.length !== 1) continue;
      const complement = smallestShown(line, counts, hidden);
      if (!complement) continue; // a line of one cell: its total is that cell, and is hidden below
      const [r, c] = complement;
      (hidden[r] as boolean[])[c] = true;
      changed = true;
    }
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    cells: hidden,
    rowTotals: counts.map((row) => isSmall(sum(row), minCell)),
    columnTotals: Array.from({ length: columns }, (_, c) => isSmall(sum(counts.map((row) => row[c] ?? 0)), minCell)),
  };
}

/** The smallest non-empty cell of the line still shown (the first of equals), else an empty one, or null. */
function smallestShown(line: [number, number][], counts: number[][], hidden: boolean[][]): [number, number] | null {
  let best: [number, number] | null = null;
  let bestKey = Number.POSITIVE_INFINITY;
  for (const [r, c] of line) {
    if (hidden[r]?.[c]) continue;
    const n = counts[r]?.[c] ?? 0;
    const key = n > 0 ? n : Number.MAX_SAFE_INTEGER;
    if (key < bestKey) {
      best = [r, c];
      bestKey = key;
    }
  }
  return best;
}
