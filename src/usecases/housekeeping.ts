import { SESSION_TTL_MS } from "../engine/state.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/ports.ts";
import { DEFAULT_POLICY, type RetentionPolicy } from "./privacy/policy.ts";
import { dailyRetention } from "./privacy/retention.ts";
import type { Summaries } from "./summaries/index.ts";

/**
 * Deletes sessions abandoned for longer than the engine's expiry. Their answers stay as an
 * unfinished response, and nothing links that response to the person any more.
 */
export async function purgeAbandonedSessions(store: Store, log: Logger, now: Date): Promise<number> {
  const purged = await store.sessions.deleteIdleSince(new Date(now.getTime() - SESSION_TTL_MS));
  if (purged > 0) log.info({ job: "purge-sessions", purged }, "abandoned sessions deleted");
  return purged;
}

/**
 * The hourly clean-up on Node and Workers alike: abandoned sessions, expired summary files,
 * dashboard links and sessions, and once a day the retention of everything else (RETENTION_* and usecases/privacy/policy.ts).
 */
export function createHousekeeping(
  store: Store,
  log: Logger,
  summaries: Summaries,
  policy: RetentionPolicy = DEFAULT_POLICY,
): (now: Date) => Promise<void> {
  return async (now) => {
    await purgeAbandonedSessions(store, log, now);
    await summaries.purgeFiles(now);
    const signIns = await store.web.purge(now);
    if (signIns > 0) log.info({ job: "purge-dashboard", purged: signIns }, "expired dashboard links and sessions deleted");
    await dailyRetention(store, log, policy, now);
  };
}
