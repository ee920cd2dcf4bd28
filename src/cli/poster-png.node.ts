import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { POSTER_FONT } from "../usecases/poster.ts";

const require = createRequire(import.meta.url);

/** DejaVu Sans, shipped inside an npm package: Romanian ș ț ă î â and Cyrillic with no system fonts. */
export const POSTER_FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${f}`),
);

/**
 * Renders the poster's SVG (sized in mm) to a PNG at `dpi`: 300 gives 2480 × 3508 pixels for A4.
 * The PNG records its resolution, so that it prints at its true size.
 */
export function posterPng(svg: string, dpi = 300): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: dpi / 96 }, // SVG lengths in mm are converted at 96 px per inch
    background: "#ffffff",
    font: { fontFiles: POSTER_FONT_FILES, loadSystemFonts: false, defaultFontFamily: POSTER_FONT },
    logLevel: "off",
  });
  return withResolution(resvg.render().asPng(), dpi);
}

/** Inserts a pHYs chunk (pixels per metre) right after IHDR. */
function withResolution(png: Buffer, dpi: number): Buffer {
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  const data = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  data.writeUInt32BE(perMetre, 0);
  data.writeUInt32BE(perMetre, 4);
  data.writeUInt8(1, 8); // unit: metre
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk("pHYs", data), png.subarray(ihdrEnd)]);
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(4 + body.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 4 + body.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
