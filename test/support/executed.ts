import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WRAPPER } from "../../bin/load-build.mjs";

type Coverage = {
  result: { url: string; functions: { functionName: string; ranges: { startOffset: number; count: number }[] }[] }[];
};

/**
 * The source files whose code a process ran, from the V8 coverage it wrote at exit
 * (NODE_V8_COVERAGE=dir): a function of the compiled build/cli.cjs stands for the source its
 * source map names, so a module that is bundled but never initialised does not count.
 */
export function executedSources(coverageDir: string): string[] {
  const sources = new Set<string>();
  for (const name of readdirSync(coverageDir).filter((n) => n.endsWith(".json"))) {
    const coverage = JSON.parse(readFileSync(path.join(coverageDir, name), "utf8")) as Coverage;
    for (const script of coverage.result) {
      const file = script.url.startsWith("file:") ? fileURLToPath(script.url) : script.url;
      if (!path.isAbsolute(file)) continue; // node: built-ins
      const ran = script.functions.filter((f) => (f.ranges[0]?.count ?? 0) > 0);
      if (ran.length === 0) continue;
      if (!file.endsWith(".cjs") || !readdirSync(path.dirname(file)).includes(`${path.basename(file)}.map`)) {
        sources.add(file);
        continue;
      }
      for (const source of compiledSources(
        file,
        ran.map((f) => f.ranges[0]?.startOffset ?? 0),
      ))
        sources.add(source);
    }
  }
  return [...sources];
}

/** The sources of the given offsets into a compiled file, read through its source map. */
function compiledSources(file: string, offsets: number[]): string[] {
  const text = readFileSync(file, "utf8");
  const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  // bin/load-build.mjs runs the file inside a function wrapper: offsets count from its start.
  const wrapper = WRAPPER[0].length;
  const sources = new Set<string>();
  for (const offset of offsets) {
    const at = offset - wrapper;
    if (at < 0 || at >= text.length) continue;
    let line = lineStarts.length - 1;
    while (line > 0 && (lineStarts[line] ?? 0) > at) line--;
    const entry = map.findEntry(line, at - (lineStarts[line] ?? 0)) as { originalSource?: string };
    if (entry.originalSource) sources.add(path.resolve(path.dirname(file), entry.originalSource.replace(/^file:\/\//, "")));
  }
  return [...sources];
}
