import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslate } from "../../src/i18n/index.ts";
import { qrMatrix, renderPosterSvg } from "../../src/usecases/poster.ts";
import { glas } from "../support/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "glas-qr-"));
const TOKEN = `123456:${"AbcDefGhiJklMnoPqrStuVwxYzAbCd"}`;
const HEADLINE = {
  ro: "Spuneți-ne părerea dumneavoastră!",
  ru: "Поделитесь с нами своим мнением!",
  uk: "Поділіться з нами своєю думкою!",
  en: "Tell us what you think!",
};
const NAME = "Centrul de zi „Speranța” & <Ajutor>";
const LINK = "https://t.me/GlasTestBot?start=svc_DC1";

let server: Server;
let env: Record<string, string>;

beforeAll(async () => {
  // A stand-in for the Bot API: getMe for our token, 401 for any other.
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === `/bot${TOKEN}/getMe`) {
      res.end(JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: "Glas", username: "GlasTestBot" } }));
    } else {
      res.statusCode = 401;
      res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  env = {
    DATABASE_URL: `file:${path.join(dir, "glas.db")}`,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    TELEGRAM_MODE: "polling",
    PUBLIC_URL: "",
  };
  const added = await glas(["service", "add", "--code", "DC1", "--name", NAME, "--locality", "Cahul"], { env });
  expect(added.code, added.stderr).toBe(0);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Tags nest and close, attributes are quoted, and text holds no bare < or &. */
function expectWellFormedXml(xml: string): void {
  expect(xml.trimStart().startsWith("<svg")).toBe(true);
  const stack: string[] = [];
  let last = 0;
  const checkText = (text: string) => {
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!#\d+;|#x[0-9a-fA-F]+;|amp;|lt;|gt;|quot;|apos;)/);
  };
  for (const m of xml.matchAll(/<[^>]*>/g)) {
    checkText(xml.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>$/.exec(m[0]);
    expect(tag, m[0]).not.toBeNull();
    const [, closing, name, attrs, selfClosing] = tag as RegExpExecArray;
    checkText((attrs ?? "").replace(/="[^"]*"/g, (a) => a.replace(/[<>]/g, "")));
    if (closing) expect(stack.pop(), `</${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name as string);
    if (stack.length === 0) expect(xml.slice(last).trim(), "nothing after the root").toBe("");
  }
  expect(stack).toEqual([]);
}

/** What the poster says, line by line, entities decoded. */
function texts(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) => (m[1] ?? "").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))))
    .join("\n");
}

function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("glas qr", () => {
  it("writes an SVG poster in Romanian, Russian and Ukrainian by default", async () => {
    const out = path.join(dir, "posters", "dc1.svg");
    const result = await glas(["qr", "--service", "DC1", "--out", out], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(out);
    expect(result.stdout).toContain(LINK);

    const svg = readFileSync(out, "utf8");
    expectWellFormedXml(svg);
    expect(svg).toContain('viewBox="0 0 2480 3508"');
    expect(svg).toContain('font-family="DejaVu Sans"');
    const said = texts(svg);
    expect(said).toContain(LINK);
    expect(said).toContain(NAME);
    expect(said).toContain("Cahul");
    for (const lng of ["ro", "ru", "uk"] as const) expect(said).toContain(HEADLINE[lng]);
    expect(said).not.toContain(HEADLINE.en);
    expect(said).toContain("Scanați codul cu camera telefonului");
    expect(said).toContain("voluntară și anonimă");
    expect(said).not.toMatch(/[şţŞŢ]/);
    expect(svg).not.toContain(" & ");
  });

  it("prints only the languages asked for, in their order", async () => {
    const out = path.join(dir, "en-ro.svg");
    const result = await glas(["qr", "--service", "DC1", "--format", "svg", "--lang", "en,ro", "--out", out], { env });
    expect(result.code, result.stderr).toBe(0);
    const said = texts(readFileSync(out, "utf8"));
    expect(said.indexOf(HEADLINE.en)).toBeGreaterThanOrEqual(0);
    expect(said.indexOf(HEADLINE.ro)).toBeGreaterThan(said.indexOf(HEADLINE.en));
    expect(said).not.toContain(HEADLINE.ru);
    expect(said).not.toContain(HEADLINE.uk);
  });

  it("writes an A4 PNG at 300 dpi whose text is drawn and whose QR code reads back as the link", async () => {
    const out = path.join(dir, "demo.png");
    const result = await glas(["qr", "--service", "DEMO", "--format", "png", "--out", out], { env });
    expect(result.code, result.stderr).toBe(0);
    const link = "https://t.me/GlasTestBot?start=svc_DEMO";
    expect(result.stdout).toContain(link);

    const file = readFileSync(out);
    const { width, height } = ihdr(file);
    expect({ width, height }).toEqual({ width: 2480, height: 3508 });
    expect(height / width).toBeCloseTo(297 / 210, 2);
    const phys = file.indexOf("pHYs", 0, "latin1");
    expect(phys).toBeGreaterThan(0);
    expect(file.readUInt32BE(phys + 4)).toBe(11811); // 300 dpi in pixels per metre, so that it prints as A4

    const png = PNG.sync.read(file);
    const dark = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if ((png.data[(y * png.width + x) * 4] ?? 255) < 128) n++;
      return n;
    };
    // The headlines sit at the top: with no font loaded, resvg would draw no text there.
    expect(dark(0, 200, png.width, 800)).toBeGreaterThan(20_000);
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(code?.data).toBe(link);
  });

  it("fails with a clear line when TELEGRAM_BOT_TOKEN is not set", async () => {
    const result = await glas(["qr", "--service", "DC1", "--out", path.join(dir, "x.svg")], {
      env: { ...env, TELEGRAM_BOT_TOKEN: "" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TELEGRAM_BOT_TOKEN is not set");
  });

  it("fails on a service that does not exist", async () => {
    const result = await glas(["qr", "--service", "NOPE", "--out", path.join(dir, "x.svg")], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No service with code "NOPE"');
  });

  it("fails when Telegram refuses the token, without printing it", async () => {
    const other = `654321:${"ZyxWvuTsrQpoNmlKjiHgfEdcBaZyxW"}`;
    const result = await glas(["qr", "--service", "DC1", "--out", path.join(dir, "x.svg")], {
      env: { ...env, TELEGRAM_BOT_TOKEN: other },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("getMe");
    expect(result.stderr).not.toContain(other);
  });

  it.each([
    ["--format", "gif"],
    ["--lang", "ro,de"],
    ["--lang", ","],
  ])("exits 2 on %s %s", async (option, value) => {
    const result = await glas(["qr", "--service", "DC1", option, value, "--out", path.join(dir, "x.out")], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(option);
  });
});

describe("renderPosterSvg", () => {
  const t = createTranslate("ro");

  it("keeps a long name and all four languages on the page, around a QR code of whole-pixel modules", () => {
    const name = "Serviciul social „Echipa mobilă” pentru persoanele cu dizabilități severe din raionul Ștefan Vodă";
    const svg = renderPosterSvg({ serviceName: name, link: LINK, locales: ["ro", "ru", "uk", "en"], t });
    expectWellFormedXml(svg);
    const said = texts(svg);
    for (const lng of ["ro", "ru", "uk", "en"] as const) expect(said).toContain(HEADLINE[lng]);
    for (const word of name.split(" ")) expect(said).toContain(word);
    expect(svg).toContain("<title>Chestionar despre serviciul: Serviciul social");

    const qr = /<rect x="(\d+)" y="(\d+)" width="(\d+)" height="\3" fill="#ffffff"\/>/.exec(svg);
    expect(qr).not.toBeNull();
    const [qrTop, side] = [Number(qr?.[2]), Number(qr?.[3])];
    expect(side).toBeGreaterThan(1000);
    expect(side % (qrMatrix(LINK).size + 8)).toBe(0);
    // Every line of text lies on the page, clear of the coloured bands and of the QR code.
    for (const m of svg.matchAll(/<text[^>]* y="(\d+)" font-size="(\d+)"/g)) {
      const [baseline, size] = [Number(m[1]), Number(m[2])];
      expect(baseline - size).toBeGreaterThan(60);
      expect(baseline + size / 4).toBeLessThan(3508 - 60);
      expect(baseline < qrTop || baseline - size > qrTop + side, `text at ${baseline}`).toBe(true);
    }
  });
});
