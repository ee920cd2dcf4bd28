/** Survey files bundled as text into the Workers build (wrangler.toml `[[rules]]`). */
declare module "*.yaml" {
  const text: string;
  export default text;
}
