// Types only: the Node and the Workers entry points each bring their own generated client.
export type { PrismaClient } from "./generated/node/client.ts";

/** Prisma's code for a unique-key violation: a concurrent writer got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "P2002";
}

/** A time as Prisma's SQLite adapters write DateTime columns, for raw statements. */
export function sqlTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
