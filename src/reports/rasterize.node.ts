import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { CHART_FONT, type Rasterizer } from "./chart.ts";

const require = createRequire(import.meta.url);

/** DejaVu Sans from its npm package: Romanian ș ț ă î â and Cyrillic without any system font. */
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** The chart's SVG as a PNG at its own size (1 SVG unit = 1 pixel). */
export const rasterizePng: Rasterizer = async (svg) => {
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    logLevel: "off",
  });
  return new Uint8Array(resvg.render().asPng());
};
