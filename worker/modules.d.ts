/** Markdown bundled as text (the `[[rules]]` of wrangler.toml). */
declare module "*.md" {
  const text: string;
  export default text;
}
