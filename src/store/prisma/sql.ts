import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Plain SQL on the very connection Prisma uses (its driver adapter: better-sqlite3 on Node,
 * D1 on Workers), for the few statements run on every message. It skips the client's
 * per-query work (about 0.05 ms a statement instead of 0.2), and sharing the connection and
 * its lock means it can never wait on a transaction of Prisma's own.
 */
export type Sql = {
  query<T>(sql: string, ...args: SqlValue[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  execute(sql: string, ...args: SqlValue[]): Promise<number>;
};

export type SqlValue = string | number | null;

function argType(value: SqlValue): ArgType {
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  if (value === null) return { scalarType: "unknown", arity: "scalar" };
  return { scalarType: "string", arity: "scalar" };
}

/** better-sqlite3, as the Node adapter holds it: its statements can be prepared once and kept. */
type NativeStatement = {
  reader: boolean;
  all(...args: SqlValue[]): unknown[];
  run(...args: SqlValue[]): { changes: number };
  safeIntegers(on: boolean): NativeStatement;
};
type NativeDatabase = { prepare(sql: string): NativeStatement };

/** Statements kept per connection; the hot paths use a dozen, variable-length lists make more. */
const STATEMENTS_KEPT = 256;

const BETTER_SQLITE3_ADAPTER = "@prisma/adapter-better-sqlite3";

function nativeDatabase(adapter: SqlDriverAdapter): NativeDatabase | null {
  // Only better-sqlite3's adapter: D1's also holds a `client` with a `prepare`, of another kind.
  if (adapter.adapterName !== BETTER_SQLITE3_ADAPTER) return null;
  const client = (adapter as { client?: unknown }).client;
  return typeof client === "object" && client !== null && typeof (client as NativeDatabase).prepare === "function"
    ? (client as NativeDatabase)
    : null;
}

/**
 * Prepared statements on better-sqlite3, kept by text (the adapter prepares anew for every
 * call, a tenth of a statement's cost). Null where the connection is another kind (D1).
 */
function statementCache(adapter: SqlDriverAdapter): ((text: string) => NativeStatement) | null {
  const db = nativeDatabase(adapter);
  if (!db) return null;
  const kept = new Map<string, NativeStatement>();
  return (text) => {
    let statement = kept.get(text);
    if (!statement) {
      // Integers as numbers, as the adapter gives them (its connection reads them as BigInt).
      statement = db.prepare(text).safeIntegers(false);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
      kept.set(text, statement);
    }
    return statement;
  };
}

/** Connects once; Prisma and `Sql` then share that one adapter. `setup` statements run first, once. */
export function shareConnection(
  factory: SqlDriverAdapterFactory,
  setup: string[] = [],
): { factory: SqlDriverAdapterFactory; sql: Sql } {
  let connected: Promise<SqlDriverAdapter> | null = null;
  let prepared: ((text: string) => NativeStatement) | null = null;
  const connect = () => {
    connected ??= factory.connect().then(async (adapter) => {
      for (const statement of setup) await adapter.executeRaw({ sql: statement, args: [], argTypes: [] });
      prepared = statementCache(adapter);
      return adapter;
    });
    return connected;
  };
  const shared: SqlDriverAdapterFactory = { provider: factory.provider, adapterName: factory.adapterName, connect };
  const sql: Sql = {
    async query<T>(text: string, ...args: SqlValue[]) {
      const adapter = await connect();
      if (prepared) {
        const statement = prepared(text);
        if (statement.reader) return statement.all(...args) as T[];
        statement.run(...args);
        return [];
      }
      const result = await adapter.queryRaw({ sql: text, args, argTypes: args.map(argType) });
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])) as T);
    },
    async execute(text: string, ...args: SqlValue[]) {
      const adapter = await connect();
      if (prepared) return prepared(text).run(...args).changes;
      return adapter.executeRaw({ sql: text, args, argTypes: args.map(argType) });
    },
  };
  return { factory: shared, sql };
}
