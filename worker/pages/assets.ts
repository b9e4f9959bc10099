/**
 * The pages' stylesheet and their one script, served from /assets/ so the Content Security
 * Policy can forbid inline code. Plain CSS, system fonts: nothing fetched from elsewhere.
 */

export const SITE_CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --claimed: #b4532a; --verified: #1f6f5c; --bg: #fff; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: #0b5cad; overflow-wrap: anywhere; }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.site { border-bottom: 1px solid var(--line); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; }
header.site .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
header.site nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
footer.site { max-width: 70rem; margin: 2rem auto; padding: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; }
.lede { color: var(--muted); max-width: 48rem; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; margin: 1rem 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; background: var(--soft); }
.totals .label { display: block; color: var(--muted); font-size: .9rem; }
.totals .value { display: block; font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.totals .note { display: block; font-size: .85rem; color: var(--muted); }
.claimed-mark { border-left: 6px solid var(--claimed); }
.verified-mark { border-left: 6px solid var(--verified); }
svg.chart { width: 100%; display: block; }
svg.chart:not(.chart-narrow) { height: auto; max-width: 60rem; }
svg.chart.chart-narrow { display: none; max-width: 40rem; }
/* Shadows at an edge with more to scroll to: the covers scroll with the table, the shadows stay. */
.scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 1rem;
  background: linear-gradient(to right, #fff 30%, #fff0) left / 2rem 100% no-repeat local,
    linear-gradient(to left, #fff 30%, #fff0) right / 2rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, #0003, #0000) left / .75rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, #0003, #0000) right / .75rem 100% no-repeat scroll; }
.scroll > table { margin: 0; }
.scroll:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; background: #e7ebef; color: var(--ink); border-radius: 999px; padding: 0 .5rem; font-size: .85rem; }
.diff del { background: #ffebe9; text-decoration: line-through; }
.diff ins { background: #dafbe1; text-decoration: none; }
.version { border-left: 3px solid var(--line); padding-left: 1rem; margin: 1rem 0; }
.version h3 { font-size: 1rem; margin: 0 0 .25rem; }
form.search { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem 1rem; align-items: end; margin: 1rem 0; padding: 1rem; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
form.search div { display: flex; flex-direction: column; gap: .2rem; font-size: .9rem; }
form.search input, form.search select, form.search button { font: inherit; padding: .35rem .5rem; border: 1px solid #6e7781; border-radius: 4px; color: var(--ink); background: #fff; }
form.search button { background: #0b5cad; border-color: #0b5cad; color: #fff; cursor: pointer; }
.embed textarea { width: 100%; font: .85rem/1.4 ui-monospace, monospace; }
details summary { cursor: pointer; }
.muted { color: var(--muted); }
.ids { display: block; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
/* The tile-grid maps (pages/states.tsx): side by side where there is room, each at most 28rem. */
.tilemaps { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.tilemaps figure { flex: 1 1 18rem; max-width: 28rem; margin: 1rem 0; }
svg.tilemap { display: block; width: 100%; height: auto; }
body.embed { font-size: 14px; }
body.embed main { padding: .5rem; }
body.embed .source { font-size: .8rem; color: var(--muted); }
/* Narrower than the wide charts' 760 px: their narrow forms, whose text keeps its size. */
@media (max-width: 49.99rem) {
  svg.chart.chart-wide { display: none; }
  svg.chart.chart-narrow { display: block; }
}
/* A phone: a tighter header, facts in one column, tables in smaller type. */
@media (max-width: 30rem) {
  header.site { padding: .5rem 1rem; gap: .25rem 1rem; }
  header.site nav ul { gap: .1rem 1rem; }
  header.site nav a { display: inline-block; padding: .2rem 0; }
  main { padding: .75rem 1rem; }
  h1 { font-size: 1.4rem; }
  h2 { font-size: 1.2rem; margin-top: 1.5rem; }
  .totals .value { font-size: 1.4rem; }
  figure { margin: 1rem 0; }
  table { font-size: .9rem; }
  th, td { padding: .3rem .4rem; }
  /* Words stay whole: a wide table scrolls in its box rather than squeezing text to a letter. */
  .scroll :is(th, td):not(.num) { min-width: 9rem; }
  .scroll td:first-child:not(.num) { min-width: 13rem; }
  /* A table whose last column explains its row (the verdicts'): the explanation goes under the
     row's label and figures, the whole width, rather than off-screen beside a tall empty band.
     Each row is a grid of the label and --figures amounts (2 unless the table says). */
  table.explained, table.explained :is(thead, tbody, caption) { display: block; }
  table.explained tr { display: grid; column-gap: .5rem; border-bottom: 1px solid var(--line);
    grid-template-columns: minmax(0, 1fr) repeat(var(--figures, 2), 5.5rem); }
  .scroll table.explained tr :is(th, td):not(.num) { min-width: 0; }
  table.explained tr > * { border-bottom: 0; }
  table.explained td.explain { grid-column: 1 / -1; padding-top: 0; }
  /* Its heading ("What it means") stays for screen readers; the stacked rows say it by place. */
  table.explained thead th:last-child { position: absolute; width: 1px; height: 1px;
    overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: .5rem; }
  form.search { padding: .75rem; }
}
@media print {
  .scroll { overflow: visible; }
  svg.chart.chart-narrow { display: none !important; }
  svg.chart.chart-wide { display: block !important; }
  header.site nav, .skip, .embed, .no-print, form.search { display: none !important; }
  a { color: inherit; text-decoration: none; }
  main { max-width: none; }
  .totals li { background: none; }
}
`;

/**
 * Copy buttons beside embed snippets (the snippet stays selectable text without them), and the
 * charts' tables unfolded when a page is printed.
 */
export const COPY_JS = `
addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
});
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    } catch {
      field.select();
    }
  });
}
`;
