import type { Child } from "hono/jsx";
import { utcTime } from "./format.ts";

const NAV = [
  { href: "/", text: "Dashboard" },
  { href: "/proposals", text: "Claims" },
  { href: "/agencies", text: "Agencies" },
  { href: "/states", text: "States" },
  { href: "/members", text: "Members" },
  { href: "/docs", text: "API docs" },
  { href: "/v1/methodology", text: "Methodology" },
  { href: "/changes", text: "Changes" },
];

/** What every page's head starts with: encoding, viewport, title, the stylesheet. */
function HeadBasics({ title }: { title: string }) {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · cutwatch`}</title>
      <link rel="stylesheet" href="/assets/site.css" />
      <link rel="icon" href="data:," />
    </>
  );
}

/** The frame of every full page: skip link, site navigation, footer with the data's age. */
export function Page(props: {
  title: string;
  description: string;
  updated?: string | null | undefined;
  children: Child;
}) {
  return (
    <html lang="en">
      <head>
        <HeadBasics title={props.title} />
        <meta name="description" content={props.description} />
        <link
          rel="alternate"
          type="application/atom+xml"
          title="cutwatch: changes to claimed cuts"
          href="/feeds/changes.atom"
        />
        <script src="/assets/copy.js" defer />
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            cutwatch
          </a>
          <nav aria-label="Site">
            <ul>
              {NAV.map((n) => (
                <li>
                  <a href={n.href}>{n.text}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="content">{props.children}</main>
        <footer class="site">
          <p>
            cutwatch checks the savings a spending-cut commission claims against the government's
            own budget records (USAspending, Treasury Fiscal Data). Public data; every claim links
            its sources.{" "}
            {props.updated !== undefined ? `Data last refreshed ${utcTime(props.updated)}.` : ""}
          </p>
        </footer>
      </body>
    </html>
  );
}

/** A problem (an RFC 9457 title and detail) as a page, for a browser. */
export function ErrorPage(props: { title: string; detail: string }) {
  return (
    <Page title={props.title} description={props.detail}>
      <h1>{props.title}</h1>
      <p>{props.detail}</p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Page>
  );
}

/** The frame of an embed: no navigation, a link back to the full page, nothing else. */
export function EmbedPage(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <HeadBasics title={props.title} />
      </head>
      <body class="embed">
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** The phone-width chart image's width: the narrowest `/embed/chart.svg` draws. */
const NARROW_IMAGE_WIDTH = 320;

/** Text safe inside a double-quoted HTML attribute of a snippet someone pastes. */
const attr = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/**
 * The two ways to embed what a page shows, each a snippet to copy: its widget in an iframe, and
 * its chart as an SVG image (`chartQuery` is the chart's query string).
 */
export function EmbedSnippets(props: {
  origin: string;
  widget: string;
  chartQuery: string;
  title: string;
}) {
  const title = attr(props.title);
  return (
    <>
      <EmbedSnippet
        id="embed-widget"
        title="Embed these totals"
        code={`<iframe src="${props.origin}${props.widget}" title="${title}: claimed against verified savings" width="420" height="320" style="border:0"></iframe>`}
      />
      <EmbedSnippet
        id="embed-chart"
        title="Embed the chart as an image"
        code={chartSnippet(`${props.origin}/embed/chart.svg?${props.chartQuery}`, title)}
      />
    </>
  );
}

/**
 * The chart as an image that suits the reader's screen: the narrow chart (its labels above the
 * bars) on a phone, the wide one elsewhere, never wider than the column it is placed in.
 */
const chartSnippet = (src: string, title: string) =>
  `<picture><source media="(max-width: 600px)" srcset="${src}&width=${NARROW_IMAGE_WIDTH}"><img src="${src}" alt="${title}: claimed against verified savings" style="max-width:100%;height:auto"></picture>`;

/** A snippet to paste into another site, with a copy button that appears when JS runs. */
export function EmbedSnippet(props: { id: string; title: string; code: string }) {
  return (
    <section class="embed" aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      <label for={props.id}>Paste this into your page:</label>
      <textarea id={props.id} readonly rows={3}>
        {props.code}
      </textarea>
      <button type="button" data-copy={props.id} hidden>
        Copy
      </button>
    </section>
  );
}

/**
 * A wide table's own scroll box: on a narrow screen the table scrolls sideways inside it, not the
 * page. Focusable, so a keyboard can scroll it, and a named region, so a screen reader says what
 * the stop is (its label repeats the table's caption).
 */
export function ScrollBox(props: { label: string; children: Child }) {
  return (
    <section class="scroll" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}

/** A column heading; `{ num }` for a column of amounts, right-aligned like its cells. */
export type Column = string | { num: string };

/** A table's header row, every heading scoped to its column. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((col) =>
          typeof col === "string" ? (
            <th scope="col">{col}</th>
          ) : (
            <th scope="col" class="num">
              {col.num}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/**
 * Under a paged list: a link back to its first page (when not on it) and one to the next page
 * (when there is one). `query` is the list's query string without its cursor.
 */
export function PageLinks(props: {
  path: string;
  query: URLSearchParams;
  onFirst: boolean;
  next: string | null;
  firstText: string;
  nextText: string;
}) {
  const next = new URLSearchParams(props.query);
  if (props.next) next.set("cursor", props.next);
  return (
    <p>
      {props.onFirst ? null : <a href={`${props.path}?${props.query}`}>{props.firstText}</a>}
      {!props.onFirst && props.next ? " · " : null}
      {props.next ? (
        <a href={`${props.path}?${next}`} rel="next">
          {props.nextText}
        </a>
      ) : null}
    </p>
  );
}

/**
 * A link a source gave (a claim's or a member's sources): a link only when it is http: or https:,
 * as the browser would parse it; anything else (`javascript:`, `data:`, a relative path) is shown
 * as plain text, since the job stores the source's URLs as it finds them.
 */
export function SourceLink(props: { url: string; text?: string | null | undefined }) {
  const href = webUrl(props.url);
  const text = props.text ?? props.url;
  return href ? (
    <a href={href} rel="nofollow noopener noreferrer">
      {text}
    </a>
  ) : (
    text
  );
}

function webUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}
