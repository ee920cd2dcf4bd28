import { type Button, literal } from "../../engine/intents.ts";
import type { Audience, StaffMember } from "../../store/ports.ts";
import type { StaffContext } from "./context.ts";
import { button } from "./message.ts";

/** Buttons in one list at most: Telegram and Viber keyboards stay usable. */
const LIST_MAX = 30;

/** The audience a pressed action names (`a:all`, `l:<locality id>`, `s:<service code>`), if it exists. */
export async function audienceOf(ctx: StaffContext, action: string): Promise<Audience | null> {
  if (action === "a:all") return { all: true };
  if (action.startsWith("l:")) {
    const locality = await ctx.store.staff.localityById(action.slice(2));
    return locality ? { locality: locality.name } : null;
  }
  if (action.startsWith("s:")) {
    const service = await ctx.store.services.byCode(action.slice(2));
    return service ? { service: service.code } : null;
  }
  return null;
}

/** The audiences this worker may address: their own service or locality if their invite named one. */
export async function audienceButtons(ctx: StaffContext, staff: StaffMember, id: string): Promise<Button[][]> {
  if (staff.serviceId) {
    const service = await ctx.store.services.byId(staff.serviceId);
    return service ? [[button(`cs:${id}:s:${service.code}`, "consult.draft.audienceOwnService", { name: service.name })]] : [];
  }
  const services = await ctx.store.services.list();
  if (staff.localityId) {
    const locality = await ctx.store.staff.localityById(staff.localityId);
    if (!locality) return [];
    const inLocality = services.filter((s) => s.localityId === locality.id).slice(0, LIST_MAX - 1);
    return [
      [button(`cs:${id}:l:${locality.id}`, "consult.draft.audienceOwnLocality", { name: locality.name })],
      ...inLocality.map((s) => [{ id: `cs:${id}:s:${s.code}`, label: literal(s.name) }]),
    ];
  }
  const rows: Button[][] = [[button(`cs:${id}:a:all`, "consult.draft.audienceAll")]];
  if ((await ctx.store.staff.localities()).length > 0) rows.push([button(`cs:${id}:a:loc`, "consult.draft.audienceLocality")]);
  if (services.length > 0) rows.push([button(`cs:${id}:a:svc`, "consult.draft.audienceService")]);
  return rows;
}

export async function recipients(ctx: StaffContext, audience: Audience): Promise<{ total: number; breakdown: string }> {
  const counts = await ctx.store.consultations.recipientCounts(audience);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const names: Record<string, string> = { telegram: "Telegram", viber: "Viber" };
  const breakdown = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, n]) => `${names[channel] ?? channel}: ${n}`)
    .join(", ");
  return { total, breakdown };
}

export async function serviceName(ctx: StaffContext, audience: Audience): Promise<string | null> {
  return "service" in audience ? ((await ctx.store.services.byCode(audience.service))?.name ?? null) : null;
}

/** One button per locality, to address its people. */
export async function localityButtons(ctx: StaffContext, id: string): Promise<Button[][]> {
  const localities = (await ctx.store.staff.localities()).slice(0, LIST_MAX);
  return localities.map((l) => [{ id: `cs:${id}:l:${l.id}`, label: literal(l.name) }]);
}

/** One button per service (in the worker's locality, if their invite named one). */
export async function serviceButtons(ctx: StaffContext, staff: StaffMember, id: string): Promise<Button[][]> {
  const services = (await ctx.store.services.list()).filter((s) => !staff.localityId || s.localityId === staff.localityId);
  return services
    .slice(0, LIST_MAX)
    .map((s) => [{ id: `cs:${id}:s:${s.code}`, label: literal(s.locality ? `${s.name} · ${s.locality}` : s.name) }]);
}
