import { instantOf, wallClock } from "../../time.ts";

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const REFERENCE_LENGTH = 4;
export const REFERENCE = /^F-[2-9A-HJKMNP-Z]{4,6}$/;

/** `F-7K3Q`: four characters (31⁴, about 920,000); `length` grows when four keep clashing. */
export function newReference(length = REFERENCE_LENGTH): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return `F-${[...bytes].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join("")}`;
}

/** What a person or worker typed (`f-7k3q`, `F 7K3Q`, `7K3Q`) as a reference, or null. */
export function readReference(text: string): string | null {
  const cleaned = text
    .trim()
    .toUpperCase()
    .replace(/^F[\s-]*/, "");
  const ref = `F-${cleaned}`;
  return REFERENCE.test(ref) ? ref : null;
}

/**
 * The end of the local day `days` days after `at`, in `timeZone`: a message written on
 * Monday with 7 days is due by the next Monday at 23:59:59.
 * @example dueDate(new Date("2026-06-01T07:00:00Z"), 7, "Europe/Chisinau") // 2026-06-08T20:59:59Z
 */
export function dueDate(at: Date, days: number, timeZone: string): Date {
  const wall = new Date(wallClock(at.getTime(), timeZone));
  return new Date(instantOf(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + days, 23, 59, 59), timeZone));
}

/** The local calendar day of `at` (2026-06-08), for "once a day". */
export function localDay(at: Date, timeZone: string): string {
  return new Date(wallClock(at.getTime(), timeZone)).toISOString().slice(0, 10);
}
