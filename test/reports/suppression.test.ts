import { describe, expect, it } from "vitest";
import { hiddenLabel, isSmall, suppress } from "../../src/reports/suppression.ts";

const X = true;
const o = false;

describe("small-cell suppression", () => {
  it.each([
    { n: 0, small: false },
    { n: 1, small: true },
    { n: 4, small: true },
    { n: 5, small: false },
  ])("a count of $n with MIN_CELL 5 is hidden: $small", ({ n, small }) => {
    expect(isSmall(n, 5)).toBe(small);
  });

  it("shows a hidden cell as <N", () => {
    expect(hiddenLabel(5)).toBe("<5");
    expect(hiddenLabel(10)).toBe("<10");
  });

  it.each([
    {
      name: "no totals: only the small cells",
      counts: [
        [3, 12],
        [7, 2],
      ],
      options: {},
      cells: [
        [X, o],
        [o, X],
      ],
    },
    {
      // Column 0: 3 is hidden alone, and the total (3+7+20 = 30) is shown, so 3 = 30 − 7 − 20.
      // The smallest other, 7, is hidden with it.
      name: "a column total: the smallest other cell is hidden too",
      counts: [[3], [7], [20]],
      options: { columnTotals: true },
      cells: [[X], [X], [o]],
    },
    {
      name: "two small cells in a line already protect each other",
      counts: [[3], [2], [20]],
      options: { columnTotals: true },
      cells: [[X], [X], [o]],
    },
    {
      // Row totals: row 0 has 4 hidden alone → its smallest other (9) is hidden.
      name: "row totals",
      counts: [
        [4, 9, 30],
        [6, 6, 6],
      ],
      options: { rowTotals: true },
      cells: [
        [X, X, o],
        [o, o, o],
      ],
    },
    {
      // An empty cell is no protection (a known zero): the smallest non-empty one is hidden.
      name: "empty cells are passed over for the complement",
      counts: [[2], [0], [8], [15]],
      options: { columnTotals: true },
      cells: [[X], [o], [X], [o]],
    },
    {
      // Rows and columns: hiding 4 (row 0, col 0) → complement in its row is 8 (row 0, col 1),
      // and in its column 6 (row 1, col 0). Column 1 then has 8 hidden alone → its smallest other,
      // 10 (row 1, col 1), goes too. Row 1 now has 6 and 10 hidden: safe. Column 0 has 4 and 6: safe.
      name: "rows and columns, until nothing changes",
      counts: [
        [4, 8, 50],
        [6, 10, 40],
        [30, 20, 60],
      ],
      options: { rowTotals: true, columnTotals: true },
      cells: [
        [X, X, o],
        [X, X, o],
        [o, o, o],
      ],
    },
  ])("$name", ({ counts, options, cells }) => {
    expect(suppress(counts, { minCell: 5, ...options }).cells).toEqual(cells);
  });

  it("hides a total that itself counts too few", () => {
    const result = suppress(
      [
        [2, 0],
        [1, 9],
      ],
      { minCell: 5, rowTotals: true, columnTotals: true },
    );
    expect(result.rowTotals).toEqual([true, false]);
    expect(result.columnTotals).toEqual([true, false]);
  });

  it("uses the higher threshold of a children's survey", () => {
    expect(suppress([[7], [30], [12]], { minCell: 10, columnTotals: true }).cells).toEqual([[X], [o], [X]]);
    expect(suppress([[7], [30], [12]], { minCell: 5, columnTotals: true }).cells).toEqual([[o], [o], [o]]);
  });
});
