import type { Child } from "hono/jsx";
import { utcTime } from "./format.ts";

const NAV = [
  { href: "/", text: "Dashboard" },
  { href: "/members", text: "Members" },
  { href: "/v1/agencies", text: "Agencies (API)" },
  { href: "/docs", text: "API docs" },
  { href: "/v1/methodology", text: "Methodology" },
  { href: "/feeds/changes.atom", text: "Changes feed" },
];

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
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · cutwatch`}</title>
        <meta name="description" content={props.description} />
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="data:," />
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

/** The frame of an embed: no navigation, a link back to the full page, nothing else. */
export function EmbedPage(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · cutwatch`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body class="embed">
        <main>{props.children}</main>
      </body>
    </html>
  );
}

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
