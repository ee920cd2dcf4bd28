import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../root.node.ts";
import type { Store } from "../store/ports.ts";
import { DEMO_SERVICE, ensureDefaults } from "../usecases/surveys.ts";

const SHIPPED_JOB = "shipped-defaults";
const SURVEYS_DIR = path.join(PROJECT_ROOT, "surveys");

/** The shipped files and the demo service, as one fingerprint: a changed file gives a new one. */
function shippedFingerprint(dir: string): string {
  const hash = createHash("sha256").update(JSON.stringify(DEMO_SERVICE));
  for (const file of readdirSync(dir).sort()) hash.update(`\0${file}\0`).update(readFileSync(path.join(dir, file)));
  return hash.digest("hex").slice(0, 32);
}

/**
 * The shipped surveys and the demo service, loaded once per version of the shipped files:
 * reading and validating them (YAML, zod) and asking Prisma is most of a start's work, so an
 * unchanged set costs one statement. A load cut short (or running elsewhere) is done again.
 */
export async function ensureShipped(store: Store, now = new Date(), dir = SURVEYS_DIR): Promise<void> {
  const key = shippedFingerprint(dir);
  if (!(await store.jobs.claim(SHIPPED_JOB, key, now, now))) return;
  // The YAML reader loads only when there is something to read.
  const { shippedSurveys } = await import("./survey-file.ts");
  await ensureDefaults(store, shippedSurveys(dir));
  await store.jobs.finish(SHIPPED_JOB, key, now);
}
