import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_FONT, CHART_WIDTH, summaryChartSvg } from "../../src/reports/chart.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { rasterizePng } from "../../src/reports/rasterize.node.ts";
import { createWasmRasterizer } from "../../src/reports/rasterize.wasm.ts";
import { computeSummary, type Summary } from "../../src/reports/summary.ts";
import { freshDatabase, type TestDatabase, t } from "../support/db.ts";
import { EXAMPLE_NOW, seedExampleWeek } from "./fixtures.ts";

const require = createRequire(import.meta.url);
/** The compiler Node has (the project's type libraries declare WebAssembly's types only). */
const { Module } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WebAssembly.Module } })
  .WebAssembly;
/** The module and the font the Workers build imports (attachments.worker.ts), read here from the same packages. */
const wasm = new Module(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
const font = new Uint8Array(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")));
const rasterize = createWasmRasterizer({ wasm, fonts: [font] });

let db: TestDatabase;
let summary: Summary;

beforeAll(async () => {
  db = freshDatabase();
  await seedExampleWeek(db);
  summary = await computeSummary(db.store, { period: weekContaining(new Date(EXAMPLE_NOW), "Europe/Chisinau"), minCell: 5 });
});

afterAll(async () => {
  await db.close();
});

const decode = (png: Uint8Array) => PNG.sync.read(Buffer.from(png));

/** One word in the chart's font, large, on white. */
const word = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120"><text x="20" y="90" font-family="${CHART_FONT}" font-size="80">${text}</text></svg>`;

const dark = (png: PNG) => {
  const ink: boolean[] = [];
  for (let i = 0; i < png.data.length; i += 4) ink.push((png.data[i] as number) < 128);
  return ink;
};
const differing = (a: boolean[], b: boolean[]) => a.filter((v, i) => v !== b[i]).length;

describe("the chart drawn with resvg compiled to WebAssembly (the Workers build)", () => {
  it("instantiates once even when the first two drawings start together, and both come out whole", async () => {
    const svg = summaryChartSvg(summary, "ro", t);
    const [a, b] = await Promise.all([rasterize(svg), rasterize(svg)]);
    expect(Buffer.from(a)).toEqual(Buffer.from(b));
    expect(decode(a).width).toBe(CHART_WIDTH);
  });

  it("draws the same chart as Node's resvg: same size, same picture where the text is regular", async () => {
    const svg = summaryChartSvg(summary, "uk", t);
    const fromWasm = decode(await rasterize(svg));
    const fromNode = decode(await rasterizePng(svg));
    expect([fromWasm.width, fromWasm.height]).toEqual([fromNode.width, fromNode.height]);
    // Only the bold title and cell labels differ (one weight is shipped on Workers).
    expect(differing(dark(fromWasm), dark(fromNode)) / (fromNode.width * fromNode.height)).toBeLessThan(0.03);
  });

  it.each([
    ["ș", "s"],
    ["ț", "t"],
    ["ă", "a"],
    ["î", "i"],
    ["â", "a"],
    ["і", "ı"],
    ["ї", "і"],
    ["є", "е"],
    ["ґ", "г"],
    ["ж", "х"],
  ])("draws %s as its own letter (not %s, not a box)", async (letter, near) => {
    const box = dark(decode(await rasterize(word("\u4e2d")))); // no CJK in DejaVu Sans: the missing-glyph box
    const drawn = dark(decode(await rasterize(word(letter))));
    const other = dark(decode(await rasterize(word(near))));
    expect(drawn.filter(Boolean).length).toBeGreaterThan(100);
    expect(differing(drawn, box)).toBeGreaterThan(100);
    expect(differing(drawn, other)).toBeGreaterThan(20);
  });
});
