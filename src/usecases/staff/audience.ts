import { type Button, literal } from "../../engine/intents.ts";
import type { Audience, Service, StaffMember } from "../../store/ports.ts";
import { button } from "./message.ts";

/** Buttons in one list at most: Telegram and Viber keyboards stay usable. */
const LIST_MAX = 30;

/** What the draft's audience buttons are made from, read before each step. */
export type AudienceLookups = {
  staff: StaffMember;
  services: readonly Service[];
  /** Localities that have a service (the ones an audience can name). */
  localities: readonly Locality[];
  /** The worker's own locality, if their invite named one (it may have no service yet). */
  ownLocality: Locality | null;
};

type Locality = { id: string; name: string };

/** The audience a pressed action names (`a:all`, `l:<locality id>`, `s:<service code>`), if it exists. */
export function audienceOf(lookups: AudienceLookups, action: string): Audience | null {
  if (action === "a:all") return { all: true };
  if (action.startsWith("l:")) {
    const id = action.slice(2);
    const locality = lookups.ownLocality?.id === id ? lookups.ownLocality : lookups.localities.find((l) => l.id === id);
    return locality ? { locality: locality.name } : null;
  }
  if (action.startsWith("s:")) {
    const service = lookups.services.find((s) => s.code === action.slice(2));
    return service ? { service: service.code } : null;
  }
  return null;
}

/** The audiences this worker may address: their own service or locality if their invite named one. */
export function audienceButtons(lookups: AudienceLookups, id: string): Button[][] {
  const { staff, services, localities } = lookups;
  if (staff.serviceId) {
    const service = services.find((s) => s.id === staff.serviceId);
    return service ? [[button(`cs:${id}:s:${service.code}`, "consult.draft.audienceOwnService", { name: service.name })]] : [];
  }
  if (staff.localityId) {
    const locality = lookups.ownLocality;
    if (!locality) return [];
    const inLocality = services.filter((s) => s.localityId === locality.id).slice(0, LIST_MAX - 1);
    return [
      [button(`cs:${id}:l:${locality.id}`, "consult.draft.audienceOwnLocality", { name: locality.name })],
      ...inLocality.map((s) => [{ id: `cs:${id}:s:${s.code}`, label: literal(s.name) }]),
    ];
  }
  const rows: Button[][] = [[button(`cs:${id}:a:all`, "consult.draft.audienceAll")]];
  if (localities.length > 0) rows.push([button(`cs:${id}:a:loc`, "consult.draft.audienceLocality")]);
  if (services.length > 0) rows.push([button(`cs:${id}:a:svc`, "consult.draft.audienceService")]);
  return rows;
}

/** How many people an audience reaches, and per messenger ("Telegram: 3, Viber: 2"). */
export function recipientSummary(counts: Record<string, number>): { total: number; breakdown: string } {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const names: Record<string, string> = { telegram: "Telegram", viber: "Viber" };
  const breakdown = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, n]) => `${names[channel] ?? channel}: ${n}`)
    .join(", ");
  return { total, breakdown };
}

export function serviceName(lookups: AudienceLookups, audience: Audience): string | null {
  return "service" in audience ? (lookups.services.find((s) => s.code === audience.service)?.name ?? null) : null;
}

/** One button per locality, to address its people. */
export function localityButtons(lookups: AudienceLookups, id: string): Button[][] {
  return lookups.localities.slice(0, LIST_MAX).map((l) => [{ id: `cs:${id}:l:${l.id}`, label: literal(l.name) }]);
}

/** One button per service (in the worker's locality, if their invite named one). */
export function serviceButtons(lookups: AudienceLookups, id: string): Button[][] {
  const { staff } = lookups;
  return lookups.services
    .filter((s) => !staff.localityId || s.localityId === staff.localityId)
    .slice(0, LIST_MAX)
    .map((s) => [{ id: `cs:${id}:s:${s.code}`, label: literal(s.locality ? `${s.name} · ${s.locality}` : s.name) }]);
}
