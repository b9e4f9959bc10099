/** Markdown bundled as text (the `[[rules]]` of wrangler.toml). */
declare module "*.md" {
  const text: string;
  export default text;
}

/** The docs UI's files, bundled as text (the `[[rules]]` of wrangler.toml). */
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const text: string;
  export default text;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const text: string;
  export default text;
}
