/**
 * The outbox worker of `npm start`, alone in its own process, for tests that kill it: the
 * same composition as src/node.ts (composeGlas), configured from the
 * environment, with the lease (ms) from argv so a restart need not wait a minute.
 * Prints "draining" once running.
 */
import { composeGlas } from "../../src/compose.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { hashKeyFrom } from "../../src/privacy/keyed-hash.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";

const leaseMs = Number(process.argv[2] ?? 60_000);
const config = loadConfig(process.env);
const store = createPrismaStore({ ...openDatabase(config.DATABASE_URL), hashKey: hashKeyFrom(config) });
const { drainer } = composeGlas({ config, store, log: silentLogger, attachments: null, leaseMs });
process.stdout.write("draining\n");
await drainer.run(new AbortController().signal, 50);
