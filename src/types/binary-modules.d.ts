/** WebAssembly imported already compiled into the Workers build (wrangler's CompiledWasm rule). */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

/** Font files bundled as bytes into the Workers build (wrangler.toml `[[rules]]`, type Data). */
declare module "*.ttf" {
  const bytes: ArrayBuffer;
  export default bytes;
}
