/**
 * The outbox worker of `npm start`, alone in its own process, for tests that kill it: the
 * same createChannels + createChannelDrainer wiring as src/node.ts, configured from the
 * environment, with the lease (ms) from argv so a restart need not wait a minute.
 * Prints "draining" once running.
 */
import { createChannelDrainer, createChannels } from "../../src/channels/wiring.ts";
import { loadConfig } from "../../src/config.ts";
import { createTranslate } from "../../src/i18n/index.ts";
import { silentLogger } from "../../src/log.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import { DEFAULT_SURVEY } from "../../src/usecases/surveys.ts";

const leaseMs = Number(process.argv[2] ?? 60_000);
const config = loadConfig(process.env);
const store = createPrismaStore(openDatabase(config.DATABASE_URL));
const log = silentLogger;
let wake = () => {};
const channels = createChannels({
  config,
  store,
  respond: { store, log, defaultLocale: config.DEFAULT_LOCALE, defaultSurvey: DEFAULT_SURVEY },
  t: createTranslate(config.DEFAULT_LOCALE),
  log,
  wake: () => wake(),
});
const drainer = createChannelDrainer({ store, channels, log, leaseMs });
wake = () => drainer.wake();
process.stdout.write("draining\n");
await drainer.run(new AbortController().signal, 50);
