/**
 * Read a page the way a reader sees it: the text of every element a CSS selector matches,
 * extracted with the Workers runtime's own streaming HTML parser (HTMLRewriter).
 */
export async function texts(html: string, selector: string): Promise<string[]> {
  const found: string[] = [];
  let current: string[] | null = null;
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        const parts: string[] = [];
        current = parts;
        found.push("");
        const index = found.length - 1;
        el.onEndTag(() => {
          found[index] = parts.join("").replace(/\s+/g, " ").trim();
        });
      },
      // Text nodes of separate elements (cells of a row) are read apart, as a reader would.
      text(chunk) {
        current?.push(chunk.lastInTextNode ? `${chunk.text} ` : chunk.text);
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

/** The values of one attribute on every element a selector matches. */
export async function attributes(html: string, selector: string, name: string) {
  const found: (string | null)[] = [];
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        found.push(el.getAttribute(name));
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

/** HTML entities the pages escape, decoded for comparing text. */
export const decode = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
