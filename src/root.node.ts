import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json, from this module's place in src/ or in the compiled build/. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Where surveys/, prisma/ and node_modules/ are, whether Glas runs from source or compiled. */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
