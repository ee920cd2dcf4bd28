import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The schema's datasource names DATABASE_URL; the driver adapter below is what connects.
process.env.DATABASE_URL ??= "file:./data/glas.db";

// The CLI runs its migrate commands through the JavaScript driver adapter, so nothing
// native is downloaded: the machines that run Glas may reach only the npm registry.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/glas.db" });
  },
});
