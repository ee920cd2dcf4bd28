import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { inject } from "vitest";
import { shippedSurveys } from "../../src/cli/survey-file.ts";
import { createTranslate } from "../../src/i18n/index.ts";
import { silentLogger } from "../../src/log.ts";
import type { Store } from "../../src/store/ports.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import type { RespondDeps } from "../../src/usecases/respond.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../../src/usecases/surveys.ts";

export type TestDatabase = {
  url: string;
  file: string;
  store: Store;
  /** Raw SQL on the same file, for assertions the ports do not offer. */
  sql: Database.Database;
  close(): Promise<void>;
};

/** A fresh, migrated SQLite file for one test file (copied from the global template). */
export function freshDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "glas-test-"));
  const file = path.join(dir, "glas.db");
  copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  const store = createPrismaStore(openDatabase(url));
  const sql = new Database(file);
  return {
    url,
    file,
    store,
    sql,
    async close() {
      sql.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withDefaults(db: TestDatabase): Promise<void> {
  await ensureDefaults(db.store, shippedSurveys());
}

export function respondDeps(store: Store): RespondDeps {
  return { store, log: silentLogger, defaultLocale: "ro", defaultSurvey: DEFAULT_SURVEY };
}

export const t = createTranslate("ro");

/**
 * The same connection under another adapter name: statements then go through the driver adapter,
 * as on D1, instead of better-sqlite3's kept statements.
 */
export function throughTheAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: "another-adapter",
    connect: async () => {
      const adapter = await factory.connect();
      return new Proxy(adapter, { get: (target, key) => (key === "adapterName" ? "another-adapter" : Reflect.get(target, key)) });
    },
  };
}
