/** The function wrapper build/cli.cjs runs in: before its first line, and after its last. */
export declare const WRAPPER: readonly [string, string];
/** Loads build/cli.cjs through V8's code cache for `command`. */
export declare function loadBuilt(command: string): { main(argv: string[]): Promise<void> };
