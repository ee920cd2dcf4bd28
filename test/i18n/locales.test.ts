import { readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/engine/locale.ts";
import { createTranslate, RESOURCES } from "../../src/i18n/index.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out[key] = v;
    else if (v && typeof v === "object") Object.assign(out, flatten(v as Record<string, unknown>, key));
    else throw new Error(`${key} is not a string`);
  }
  return out;
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(RESOURCES[l])])) as Record<
  (typeof LOCALES)[number],
  Record<string, string>
>;
const baseKeys = (lng: (typeof LOCALES)[number]) => new Set(Object.keys(flat[lng]).map((k) => k.replace(PLURAL, "")));
const allBase = new Set(LOCALES.flatMap((l) => [...baseKeys(l)]));
const pluralBases = new Set(
  LOCALES.flatMap((l) =>
    Object.keys(flat[l])
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, "")),
  ),
);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("locales", () => {
  it.each(LOCALES)("%s has every key that any locale has", (lng) => {
    const missing = [...allBase].filter((k) => !baseKeys(lng).has(k));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)("%s has exactly its language's plural forms for every plural key", (lng) => {
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.slice().sort();
    for (const base of pluralBases) {
      const forms = Object.keys(flat[lng])
        .filter((k) => k.replace(PLURAL, "") === base && PLURAL.test(k))
        .map((k) => PLURAL.exec(k)?.[1])
        .sort();
      expect(forms, `${lng}: ${base}`).toEqual(categories);
      expect(flat[lng][base], `${lng}: ${base} also exists without a plural suffix`).toBeUndefined();
    }
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s keeps every placeholder of the English text", (lng) => {
    for (const [key, text] of Object.entries(flat.en)) {
      const base = key.replace(PLURAL, "");
      const translated = Object.entries(flat[lng]).filter(([k]) => k.replace(PLURAL, "") === base);
      for (const [k, value] of translated) {
        for (const p of placeholders(text)) {
          if (p === "count" && !text.includes("{{count}}")) continue;
          expect(placeholders(value), `${lng}: ${k}`).toContain(p);
        }
      }
    }
  });

  it.each(LOCALES)("%s has no empty strings", (lng) => {
    expect(Object.entries(flat[lng]).filter(([, v]) => v.trim() === "")).toEqual([]);
  });

  it("writes Romanian with comma-below ș and ț", () => {
    expect(Object.values(flat.ro).join("\n")).not.toMatch(/[şţŞŢ]/);
  });

  it("writes Ukrainian, not Russian letters", () => {
    expect(Object.values(flat.uk).join("\n")).not.toMatch(/[ыэъё]/i);
  });

  it.each([
    { lng: "ro", count: 1, expected: "one" },
    { lng: "ro", count: 3, expected: "few" },
    { lng: "ro", count: 20, expected: "other" },
    { lng: "ru", count: 21, expected: "one" },
    { lng: "ru", count: 3, expected: "few" },
    { lng: "ru", count: 5, expected: "many" },
    { lng: "uk", count: 11, expected: "many" },
    { lng: "uk", count: 22, expected: "few" },
    { lng: "en", count: 1, expected: "one" },
  ] as const)("picks the $expected form in $lng for $count", ({ lng, count, expected }) => {
    const t = createTranslate("ro");
    expect(t(lng, "survey.reask.too_long", { count })).toBe(
      flat[lng][`survey.reask.too_long_${expected}`]?.replace("{{count}}", String(count)),
    );
  });
});

describe("keys used by the code", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = `${dir}/${f}`;
      if (p.includes("/generated")) return [];
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
    });
  // Comments are left out: a JSDoc example's `key: "all"` is not an i18n key.
  const source = files("src")
    .map((f) => readFileSync(f, "utf8"))
    .join("\n")
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join("\n");
  const used = new Set([
    ...[...source.matchAll(/\b(?:i18n|say)\("([a-zA-Z0-9_.]+)"/g)].map((m) => m[1] as string),
    ...[...source.matchAll(/\bt\([^,()]+, "([a-zA-Z0-9_.]+)"/g)].map((m) => m[1] as string),
    // Interface keys are namespaced (`feature.key`); other `key:` fields (table cells) are not.
    ...[...source.matchAll(/key: "([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)"/g)].map((m) => m[1] as string),
  ]);
  const reasons = /export type ReaskReason =([^;]+);/.exec(readFileSync("src/engine/intents.ts", "utf8"))?.[1] ?? "";
  for (const m of reasons.matchAll(/"(\w+)"/g)) used.add(`survey.reask.${m[1]}`);
  for (const n of [1, 2, 3, 4, 5]) used.add(`survey.rating.${n}`);

  it("finds the keys it checks", () => {
    expect(used.size).toBeGreaterThan(30);
  });

  it.each(LOCALES)("%s translates every key the code uses", (lng) => {
    const missing = [...used].filter((k) => !baseKeys(lng).has(k));
    expect(missing).toEqual([]);
  });
});
