/**
 * A load of people answering, in a process of its own (as the server would be): each takes
 * the default survey through the terminal adapter and the real use case, one after another,
 * until the process is killed. Prints "writing" once the first survey is complete.
 */
import { createSimulator } from "../../src/channels/terminal/simulator.ts";
import { loadConfig } from "../../src/config.ts";
import { createTranslate } from "../../src/i18n/index.ts";
import { silentLogger } from "../../src/log.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../../src/store/prisma/index.ts";
import { DEFAULT_SURVEY } from "../../src/usecases/surveys.ts";

const config = loadConfig(process.env);
const store = createPrismaStore(openDatabase(config.DATABASE_URL));
const t = createTranslate("ro");
const taps = ["1", "2", "4", "5", "3", "4", "1", "2", "1", "5", "11", "1", "3", "7"];

for (let person = 0; ; person++) {
  const simulator = createSimulator({
    deps: { store, log: silentLogger, defaultLocale: "ro", defaultSurvey: DEFAULT_SURVEY },
    t,
    platformId: `load-${process.pid}-${person}`,
    locale: "ro",
    write: () => {},
  });
  await simulator.start();
  for (const tap of taps) await simulator.line(tap);
  await simulator.line("Mulțumesc.");
  for (let extra = 0; !simulator.ended && extra < 5; extra++) await simulator.line("1");
  if (person === 0) process.stdout.write("writing\n");
}
