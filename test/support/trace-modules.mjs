// `node --import ./trace-modules.mjs …` appends every module the process resolves to the file
// named by TRACE_MODULES_TO: a test reads what a command really loads.
import { appendFileSync } from "node:fs";
import { register } from "node:module";

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.TRACE_MODULES_TO) appendFileSync(process.env.TRACE_MODULES_TO, `${resolved.url}\n`);
  return resolved;
}

if (!process.env.TRACE_MODULES_HOOKED) {
  process.env.TRACE_MODULES_HOOKED = "1";
  register(import.meta.url);
}
