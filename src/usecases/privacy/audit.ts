import type { Audience, StaffMember, StaffScope, Store } from "../../store/ports.ts";
import type { AuditAction, AuditEntry } from "../../store/privacy-ports.ts";

export { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from "../../store/privacy-ports.ts";

/** Who did it: the actor, the staff id (null outside the chat) and the role. */
export type AuditWho = Pick<AuditEntry, "actor" | "staffId" | "role">;
/** What it reached: a service code, a locality name, a period key; `detail` names the thing acted on. */
export type AuditScope = Partial<Pick<AuditEntry, "service" | "locality" | "period" | "detail">>;

export const OPERATOR: AuditWho = { actor: "operator", staffId: null, role: "operator" };
export const ADMIN_API: AuditWho = { actor: "admin_api", staffId: null, role: "admin" };

export const staffWho = (member: Pick<StaffMember, "id" | "role">, actor: AuditWho["actor"] = "staff"): AuditWho => ({
  actor,
  staffId: member.id,
  role: member.role,
});

/**
 * Records one staff action that reveals data or reaches people. Called before (or as) the data
 * leaves, and awaited: an action that cannot be recorded fails rather than going unrecorded.
 */
export async function recordAudit(store: Store, who: AuditWho, action: AuditAction, scope: AuditScope, at: Date): Promise<void> {
  await store.audit.record({
    at,
    ...who,
    action,
    service: scope.service ?? null,
    locality: scope.locality ?? null,
    period: scope.period ?? null,
    detail: scope.detail ?? null,
  });
}

/** A staff member's scope as the log shows it: the service's code and the locality's name. */
export async function scopeOf(store: Store, scope: StaffScope): Promise<AuditScope> {
  const service = scope.serviceId ? await store.services.byId(scope.serviceId) : null;
  const locality = scope.localityId ? await store.staff.localityById(scope.localityId) : null;
  return { service: service?.code ?? null, locality: locality?.name ?? service?.locality ?? null };
}

/** For the dashboard: a staff member signed in with a one-time link. */
export async function auditDashboardSignIn(store: Store, member: StaffMember, at: Date): Promise<void> {
  await recordAudit(store, staffWho(member), "dashboard.signin", await scopeOf(store, member), at);
}

/** A broadcast's audience as a scope: the service's code or the locality's name (neither: everyone). */
export const audienceScope = (audience: Audience, consultationId: string): AuditScope => ({
  service: "service" in audience ? audience.service : null,
  locality: "locality" in audience ? audience.locality : null,
  detail: `consultation ${consultationId}`,
});
