import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { CHART_FONT, type Rasterizer } from "./chart.ts";

/**
 * Whether this isolate's resvg is instantiated: a plain value. No promise is kept across
 * requests, because workerd cancels a request whose promise another request resolves.
 */
let instantiated = false;

/** resvg-wasm's refusal of a second `initWasm`, when another request of this isolate got there first. */
const ALREADY_INITIALIZED = /^Already initialized/;

/**
 * Two first requests arriving together may both instantiate (each awaiting its own promise);
 * the later instance replaces the earlier inside resvg-wasm. That is safe because a drawing never
 * awaits between creating its resvg objects and freeing them, so no object outlives its instance.
 */
async function instantiate(wasm: WebAssembly.Module): Promise<void> {
  if (instantiated) return;
  try {
    await initWasm(wasm);
  } catch (err) {
    if (!(err instanceof Error && ALREADY_INITIALIZED.test(err.message))) throw err;
  }
  instantiated = true;
}

/**
 * The chart's SVG as a PNG at its own size, with resvg compiled to WebAssembly: on Workers, where
 * the module is imported already compiled (workerd refuses WebAssembly compiled from bytes at run
 * time) and the fonts are bundled as data. The same drawing as `rasterize.node.ts`.
 * @example const rasterize = createWasmRasterizer({ wasm: resvgModule, fonts: [dejavuSans] });
 */
export function createWasmRasterizer(deps: { wasm: WebAssembly.Module; fonts: Uint8Array[] }): Rasterizer {
  return async (svg) => {
    await instantiate(deps.wasm);
    const resvg = new Resvg(svg, {
      background: "#ffffff",
      font: { fontBuffers: deps.fonts, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    });
    try {
      const image = resvg.render();
      try {
        return image.asPng();
      } finally {
        image.free();
      }
    } finally {
      resvg.free();
    }
  };
}
