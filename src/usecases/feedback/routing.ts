import type {
  FeedbackHandler,
  FeedbackItem,
  FeedbackKind,
  FeedbackRoute,
  FeedbackScope,
  Service,
  StaffScope,
} from "../../store/ports.ts";

type Member = StaffScope & { role: string };

/**
 * Whether a staff member handles items of `route` about `serviceId`. Social workers handle
 * their own service's (or their locality's; a worker with no scope, every service's);
 * the directorate handles what is passed to it and can see every service's; only focal
 * points handle the sensitive kind.
 */
export function covers(member: Member, route: FeedbackRoute, serviceId: string | null, services: Service[]): boolean {
  switch (route) {
    case "focal_point":
      return member.role === "focal_point";
    case "directorate":
      return member.role === "directorate";
    case "service": {
      if (member.role === "directorate") return true;
      if (member.role !== "social_worker" || serviceId === null) return false;
      if (member.serviceId) return member.serviceId === serviceId;
      if (member.localityId) return services.find((s) => s.id === serviceId)?.localityId === member.localityId;
      return true;
    }
    default: {
      const never: never = route;
      throw new Error(`unknown route ${String(never)}`);
    }
  }
}

/**
 * Where a new item goes: the sensitive kind to the focal points (never the service's staff,
 * who may be the subject), or to the directorate when there is no focal point; the rest to
 * the social workers of the person's service, or to the directorate when it has none.
 */
export function routeFor(
  kind: FeedbackKind,
  serviceId: string | null,
  handlers: FeedbackHandler[],
  services: Service[],
): FeedbackRoute {
  if (kind === "sensitive") return handlers.some((h) => h.role === "focal_point") ? "focal_point" : "directorate";
  const workers = handlers.filter((h) => h.role === "social_worker" && covers(h, "service", serviceId, services));
  return workers.length > 0 ? "service" : "directorate";
}

/** Who is told about an item: for a service, its social workers only (the directorate sees it in /feedback). */
export function recipientsOf(
  item: Pick<FeedbackItem, "routedTo" | "serviceId">,
  handlers: FeedbackHandler[],
  services: Service[],
): FeedbackHandler[] {
  return handlers.filter((h) =>
    item.routedTo === "service"
      ? h.role === "social_worker" && covers(h, "service", item.serviceId, services)
      : covers(h, item.routedTo, item.serviceId, services),
  );
}

/** The open items a staff member may see and act on. */
export function scopeOf(member: Member, services: Service[]): FeedbackScope {
  switch (member.role) {
    case "focal_point":
      return { routes: ["focal_point"], serviceIds: [] };
    case "directorate":
      return { routes: ["directorate", "service"], serviceIds: null };
    case "social_worker": {
      const own = member.serviceId
        ? [member.serviceId]
        : member.localityId
          ? services.filter((s) => s.localityId === member.localityId).map((s) => s.id)
          : null;
      return { routes: ["service"], serviceIds: own };
    }
    default:
      return { routes: [], serviceIds: [] };
  }
}
