/** What Glas makes of each XLSForm type (pyxform's names and aliases). */

/** Kobo and ODK fill these in on the device; a chat has nothing to fill: ignored, with a note. */
export const METADATA_TYPES = new Set([
  "start",
  "end",
  "today",
  "deviceid",
  "imei",
  "subscriberid",
  "simserial",
  "phonenumber",
  "username",
  "email",
  "audit",
  "start-geopoint",
  "background-geopoint",
  "uri:deviceid",
  "uri:username",
  "uri:email",
  "uri:phonenumber",
  "uri:subscriberid",
  "uri:simserial",
]);

/** Types Glas cannot run in a chat, and why (the reason is part of the error). */
export const REFUSED_TYPES: Record<string, string> = {
  calculate: "Glas does not compute values (calculate)",
  rank: "ranking is not supported in a chat (rank)",
  image: "pictures are not collected (media)",
  photo: "pictures are not collected (media)",
  audio: "sound recordings are not collected (media)",
  "background-audio": "sound recordings are not collected (media)",
  video: "videos are not collected (media)",
  file: "files are not collected (media)",
  barcode: "barcodes are not scanned (media)",
  geopoint: "locations are not collected (geo)",
  geotrace: "locations are not collected (geo)",
  geoshape: "locations are not collected (geo)",
  begin_repeat: "repeats are not supported; ask each question once",
  end_repeat: "repeats are not supported; ask each question once",
  begin_loop: "repeats are not supported; ask each question once",
  end_loop: "repeats are not supported; ask each question once",
  date: "dates are not asked; use a number or a choice",
  time: "times are not asked; use a choice",
  datetime: "dates are not asked; use a number or a choice",
  hidden: "hidden values are not supported",
  "xml-external": "external data is not supported",
  "csv-external": "external data is not supported",
  select_one_from_file: "choices from a file are not supported; list them on the choices sheet",
  select_multiple_from_file: "choices from a file are not supported; list them on the choices sheet",
  select_one_external: "external choices are not supported; list them on the choices sheet",
};

export type ParsedType =
  | { kind: "metadata"; type: string }
  | { kind: "refused"; type: string; reason: string }
  | { kind: "unknown"; type: string }
  | { kind: "begin_group" }
  | { kind: "end_group" }
  | { kind: "note" }
  | { kind: "select"; multiple: boolean; list: string; orOther: boolean }
  | { kind: "integer" | "decimal" | "text" | "range" | "acknowledge" };

const SELECT_ONE = ["select_one", "select one", "select1", "select one from", "add select one prompt using"];
const SELECT_MULTIPLE = [
  "select_multiple",
  "select all that apply",
  "select all that apply from",
  "add select multiple prompt using",
];
const SIMPLE: Record<string, "integer" | "decimal" | "text" | "range" | "acknowledge"> = {
  integer: "integer",
  int: "integer",
  decimal: "decimal",
  text: "text",
  string: "text",
  range: "range",
  acknowledge: "acknowledge",
  trigger: "acknowledge",
};

/**
 * Reads a `type` cell: `select_one yes_no`, `select one list or_other`, `begin group`, `integer`.
 * @example parseType("select_multiple topics") // { kind: "select", multiple: true, list: "topics", orOther: false }
 */
export function parseType(cell: string): ParsedType {
  const text = cell.trim().replace(/\s+/g, " ");
  const lower = text.toLowerCase();
  for (const [prefixes, multiple] of [
    [SELECT_ONE, false],
    [SELECT_MULTIPLE, true],
  ] as const) {
    const prefix = [...prefixes].sort((a, b) => b.length - a.length).find((p) => lower.startsWith(`${p} `));
    if (prefix) {
      const words = text.slice(prefix.length).trim().split(" ");
      const orOther = words.length === 2 && words[1]?.toLowerCase() === "or_other";
      if (words.length === 1 || orOther) return { kind: "select", multiple, list: words[0] as string, orOther };
      return { kind: "unknown", type: text };
    }
  }
  const key = lower.replace(/ /g, "_");
  if (key === "begin_group") return { kind: "begin_group" };
  if (key === "end_group") return { kind: "end_group" };
  if (key === "note") return { kind: "note" };
  if (key === "begin_repeat" || key === "end_repeat" || key === "begin_loop" || key === "end_loop") {
    return { kind: "refused", type: text, reason: REFUSED_TYPES[key] as string };
  }
  if (METADATA_TYPES.has(lower)) return { kind: "metadata", type: lower };
  const simple = SIMPLE[lower];
  if (simple) return { kind: simple };
  const first = lower.split(" ")[0] ?? lower;
  const reason = REFUSED_TYPES[lower] ?? REFUSED_TYPES[first];
  if (reason) return { kind: "refused", type: text, reason };
  return { kind: "unknown", type: text };
}
