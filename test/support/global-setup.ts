import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/store/prisma/database.node.ts";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one database with the same code as `glas migrate`; each test file copies it. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "glas-template-"));
  const { file } = await migrate(`file:${path.join(dir, "template.db")}`);
  project.provide("templateDatabase", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
