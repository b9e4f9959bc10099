/**
 * Atom and JSON Feed documents, written here rather than by a feed library: the `feed` package's
 * XML writer (xml-js) escaped only the first `]]>` of a text block, so an editor's title could
 * close its element and add links of its own, and it labelled plain text as HTML. Every field
 * here is plain text: Atom `type="text"`, escaped by one function; JSON Feed `content_text`.
 * Pure.
 */

export type FeedHead = {
  /** The feed's own URL, also its Atom id. */
  self: string;
  title: string;
  subtitle: string;
  /** The same data as a web resource. */
  link: string;
  /** ISO time of the newest entry. */
  updated: string;
  rights: string;
  generator: string;
  atomUrl: string;
  jsonUrl: string;
};

export type FeedEntry = {
  id: string;
  title: string;
  /** A page for people: feed readers open it in a browser. */
  link: string;
  /** ISO times. */
  updated: string;
  published: string;
  summary: string;
  author: string;
};

/**
 * Characters no XML 1.0 document can hold, escaped or not: C0 controls but tab, LF and CR;
 * U+FFFE and U+FFFF; surrogates that are not half of a pair. Each becomes U+FFFD.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// CR as a reference: a parser turns a literal CR (or CRLF) into LF, and the text would change.
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
};

/** Any string as XML character data or a quoted attribute value: it reads back as itself. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

/** RFC 4287 Atom, every text construct `type="text"`. */
export function atomFeed(head: FeedHead, entries: FeedEntry[]): string {
  const t = xmlText;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${t(head.self)}</id>`,
    `  <title type="text">${t(head.title)}</title>`,
    `  <subtitle type="text">${t(head.subtitle)}</subtitle>`,
    `  <updated>${t(head.updated)}</updated>`,
    `  <generator>${t(head.generator)}</generator>`,
    `  <rights type="text">${t(head.rights)}</rights>`,
    `  <link rel="alternate" href="${t(head.link)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${t(head.atomUrl)}"/>`,
    ...entries.map(
      (e) => `  <entry>
    <id>${t(e.id)}</id>
    <title type="text">${t(e.title)}</title>
    <link rel="alternate" type="text/html" href="${t(e.link)}"/>
    <updated>${t(e.updated)}</updated>
    <published>${t(e.published)}</published>
    <summary type="text">${t(e.summary)}</summary>
    <author><name>${t(e.author)}</name></author>
  </entry>`,
    ),
    "</feed>",
    "",
  ];
  return lines.join("\n");
}

/** JSON Feed 1.1, plain text in `content_text`: JSON.stringify escapes whatever a field holds. */
export function jsonFeed(head: FeedHead, entries: FeedEntry[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: head.title,
    description: head.subtitle,
    home_page_url: head.link,
    feed_url: head.jsonUrl,
    items: entries.map((e) => ({
      id: e.id,
      url: e.link,
      title: e.title,
      content_text: e.summary,
      date_published: e.published,
      date_modified: e.updated,
      authors: [{ name: e.author }],
    })),
  });
}
