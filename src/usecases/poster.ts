import QRCode from "qrcode";
import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";

/**
 * The A4 poster hung at a service: an invitation in each chosen language, the service's name,
 * a QR code that opens the bot with the service pre-selected, and the link written out.
 * Pure string building (no file system), so it runs on Node and on Workers alike.
 */

/** A4 portrait at 300 dpi: 210 × 297 mm. */
export const POSTER_WIDTH = 2480;
export const POSTER_HEIGHT = 3508;
export const POSTER_FONT = "DejaVu Sans";
/** Languages printed when none are asked for: those spoken by the people the services serve. */
export const POSTER_DEFAULT_LOCALES: readonly Locale[] = ["ro", "ru", "uk"];

/** The Telegram deep link that starts the bot with the service pre-selected (`/start svc_<CODE>`). */
export function serviceDeepLink(botUsername: string, serviceCode: string): string {
  return `https://t.me/${encodeURIComponent(botUsername)}?start=${encodeURIComponent(`svc_${serviceCode}`)}`;
}

/**
 * The Viber link that opens the bot's chat with the service pre-selected: Viber hands
 * `context` to the bot in `conversation_started`. `uri` is the account's, from get_account_info.
 */
export function viberServiceLink(accountUri: string, serviceCode: string): string {
  return `viber://pa?chatURI=${encodeURIComponent(accountUri)}&context=${encodeURIComponent(`svc_${serviceCode}`)}`;
}

/** One QR code on the poster, and the messenger it opens. */
export type PosterCode = { messenger: "telegram" | "viber"; link: string; qr?: QrMatrix };

const MESSENGER_NAMES = { telegram: "Telegram", viber: "Viber" } as const;

/** A QR symbol as a square of modules, `dark[row * size + col]` true for a dark one. */
export type QrMatrix = { size: number; dark: ArrayLike<boolean | number> };

/** Encodes `text` with error correction M (15% of the symbol may be damaged or dirty). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, dark: modules.data };
}

export type PosterInput = {
  serviceName: string;
  locality?: string | null;
  link: string;
  /** In the order printed; the first also names the document. */
  locales: readonly Locale[];
  t: Translate;
  /** Defaults to `qrMatrix(link)`. */
  qr?: QrMatrix;
  /**
   * The codes to print, side by side (Telegram and Viber), each named under it; by default
   * the one Telegram code of `link`.
   */
  codes?: PosterCode[];
};

const MARGIN = 170;
const TEXT_WIDTH = POSTER_WIDTH - 2 * MARGIN;
const CENTRE = POSTER_WIDTH / 2;
const QUIET_ZONE = 4; // modules of white around the symbol, as the QR standard asks
const INK = "#1a1a1a";
const ACCENT = "#0f5c7a";
const MUTED = "#555555";
const CODE_GAP = 160;

export function renderPosterSvg(input: PosterInput): string {
  if (input.locales.length === 0) throw new Error("a poster needs at least one language");
  const { t, locales } = input;
  const first = locales[0] as Locale;
  const codes: PosterCode[] = input.codes ?? [{ messenger: "telegram", link: input.link, ...(input.qr ? { qr: input.qr } : {}) }];
  if (codes.length === 0 || codes.length > 2) throw new Error("a poster holds one or two codes");
  const scanKey =
    codes.length > 1 ? "viber.poster.scanBoth" : codes[0]?.messenger === "viber" ? "viber.poster.scan" : "poster.scan";

  // Top: the invitation in each language, then the service.
  const top: string[] = [];
  let y = 330;
  const headlineSize = locales.length > 3 ? 105 : 120;
  for (const locale of locales) {
    y = block(top, t(locale, "poster.headline"), {
      y,
      locale,
      bold: true,
      maxSize: headlineSize,
      minSize: 72,
      maxLines: 2,
      fill: INK,
      after: 26,
    });
  }
  y += 60;
  top.push(`<rect x="${CENTRE - 160}" y="${y}" width="320" height="10" rx="5" fill="${ACCENT}"/>`);
  y += 10 + 120;
  y = block(top, input.serviceName, { y, bold: true, maxSize: 96, minSize: 60, maxLines: 2, fill: ACCENT, after: 20 });
  if (input.locality) {
    y = block(top, input.locality, { y, maxSize: 64, minSize: 44, maxLines: 1, fill: MUTED, after: 0 });
  }
  const topEnd = y;

  // Bottom, laid out upwards from the foot of the page: privacy, then the scan line per language.
  const bottom: string[] = [];
  let foot = POSTER_HEIGHT - 150;
  for (const locale of [...locales].reverse()) {
    foot = blockUp(bottom, t(locale, "poster.privacy"), {
      bottom: foot,
      locale,
      maxSize: 38,
      minSize: 30,
      maxLines: 2,
      fill: MUTED,
    });
    foot -= 14;
  }
  foot -= 70;
  for (const locale of [...locales].reverse()) {
    foot = blockUp(bottom, t(locale, scanKey), { bottom: foot, locale, maxSize: 58, minSize: 42, maxLines: 2, fill: INK });
    foot -= 24;
  }
  foot -= 50;
  // Each code's column: the whole width for one, two halves for two; its link (and name) under it.
  const columnWidth = codes.length === 1 ? TEXT_WIDTH : (TEXT_WIDTH - CODE_GAP) / 2;
  const centres = codes.map((_, i) => (codes.length === 1 ? CENTRE : MARGIN + columnWidth / 2 + i * (columnWidth + CODE_GAP)));
  const linkSize = Math.min(...codes.map((c) => fitOneLine(c.link, columnWidth, 54, 24, false)));
  for (const [i, c] of codes.entries()) bottom.push(textLine(c.link, { y: foot, size: linkSize, fill: ACCENT, x: centres[i] }));
  foot -= linkSize + 30;
  if (codes.length > 1) {
    for (const [i, c] of codes.entries()) {
      bottom.push(textLine(MESSENGER_NAMES[c.messenger], { y: foot, size: 72, bold: true, fill: INK, x: centres[i] }));
    }
    foot -= 72 + 30;
  }

  // The QR codes fill the room between, in whole pixels per module so that every edge is sharp.
  const room = Math.min(foot - topEnd - 40, 1560, columnWidth);
  const symbols = codes.map((c, i) => {
    const qr = c.qr ?? qrMatrix(c.link);
    const modules = qr.size + 2 * QUIET_ZONE;
    const unit = Math.max(1, Math.floor(room / modules));
    const side = unit * modules;
    const x = Math.round((centres[i] ?? CENTRE) - side / 2);
    const y = Math.round(topEnd + 20 + (foot - topEnd - 40 - side) / 2);
    return [
      `<rect x="${x}" y="${y}" width="${side}" height="${side}" fill="#ffffff"/>`,
      `<path d="${qrPath(qr, x + QUIET_ZONE * unit, y + QUIET_ZONE * unit, unit)}" fill="#000000" shape-rendering="crispEdges"/>`,
    ];
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 ${POSTER_WIDTH} ${POSTER_HEIGHT}" font-family="${POSTER_FONT}" xml:lang="${first}">`,
    `<title>${escapeXml(t(first, "poster.service", { name: input.serviceName }))}</title>`,
    `<desc>${escapeXml(input.link)}</desc>`,
    `<rect width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" fill="#ffffff"/>`,
    `<rect width="${POSTER_WIDTH}" height="60" fill="${ACCENT}"/>`,
    ...top,
    ...symbols.flat(),
    ...bottom,
    `<rect y="${POSTER_HEIGHT - 60}" width="${POSTER_WIDTH}" height="60" fill="${ACCENT}"/>`,
    "</svg>",
    "",
  ].join("\n");
}

/** One path of rectangles, a run of dark modules in a row each. */
function qrPath(qr: QrMatrix, x0: number, y0: number, unit: number): string {
  const parts: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.dark[row * qr.size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark[row * qr.size + col]) col++;
      const w = (col - start) * unit;
      parts.push(`M${x0 + start * unit} ${y0 + row * unit}h${w}v${unit}h-${w}z`);
    }
  }
  return parts.join("");
}

type BlockOptions = { locale?: Locale; bold?: boolean; maxSize: number; minSize: number; maxLines: number; fill: string };

/** Writes `text` centred from baseline area starting at `y`; returns the y below it. */
function block(out: string[], text: string, o: BlockOptions & { y: number; after: number }): number {
  const { size, lines } = fitBlock(text, o);
  let y = o.y;
  for (const line of lines) {
    y += size;
    out.push(textLine(line, { y, size, fill: o.fill, bold: o.bold, locale: o.locale }));
    y += Math.round(size * 0.25);
  }
  return y + o.after;
}

/** Writes `text` centred so that its last line sits on `bottom`; returns the top of the block. */
function blockUp(out: string[], text: string, o: BlockOptions & { bottom: number }): number {
  const { size, lines } = fitBlock(text, o);
  const step = Math.round(size * 1.25);
  let y = o.bottom - (lines.length - 1) * step;
  const top = y - size;
  for (const line of lines) {
    out.push(textLine(line, { y, size, fill: o.fill, bold: o.bold, locale: o.locale }));
    y += step;
  }
  return top;
}

function textLine(
  text: string,
  o: { y: number; size: number; fill: string; bold?: boolean | undefined; locale?: Locale | undefined; x?: number | undefined },
): string {
  const lang = o.locale ? ` xml:lang="${o.locale}"` : "";
  const weight = o.bold ? ` font-weight="bold"` : "";
  return `<text x="${Math.round(o.x ?? CENTRE)}" y="${o.y}" font-size="${o.size}"${weight} fill="${o.fill}" text-anchor="middle"${lang}>${escapeXml(text)}</text>`;
}

/**
 * The largest size (down to `minSize`) at which the text fits on one line, else on the
 * fewest lines up to `maxLines`; past that, the smallest size and as many lines as it takes.
 */
function fitBlock(text: string, o: BlockOptions): { size: number; lines: string[] } {
  for (let n = 1; n <= o.maxLines; n++) {
    for (let size = o.maxSize; size >= o.minSize; size -= 2) {
      const lines = wrap(text, TEXT_WIDTH, size, o.bold ?? false);
      if (lines.length <= n) return { size, lines };
    }
  }
  return { size: o.minSize, lines: wrap(text, TEXT_WIDTH, o.minSize, o.bold ?? false) };
}

function fitOneLine(text: string, width: number, maxSize: number, minSize: number, bold: boolean): number {
  for (let size = maxSize; size > minSize; size -= 2) if (textWidth(text, size, bold) <= width) return size;
  return minSize;
}

function wrap(text: string, width: number, size: number, bold: boolean): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.trim().split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const NARROW = new Set([..."iljIft.,:;!|'’‘`()[]{}-‐ r“”„«»\"/іїј"]);
const WIDE = new Set([..."mwMWOQGDHNUCжшщюфыЖШЩЮФЫМДОСХЮмд—…%@"]);

/** DejaVu Sans advance widths, roughly and on the generous side, in units of the font size. */
function textWidth(text: string, size: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.36;
    else if (WIDE.has(ch)) em += 0.86;
    else if (ch !== ch.toLowerCase()) em += 0.74;
    else em += 0.62;
  }
  return em * size * (bold ? 1.14 : 1);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
