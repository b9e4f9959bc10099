import { MONEY_FIELDS } from "../lib/money.ts";
import { snakeName } from "../lib/serialize.ts";
import { cellText, fieldLabel, fullMoney, utcTime } from "./format.ts";
import { ScrollBox, TableHead } from "./layout.tsx";

/** One stored version of a record (proposal_versions, member_versions). */
export type Version = {
  version: number;
  createdAt: string;
  /** When the source showed the change (proposals); members' versions have only createdAt. */
  observedAt?: string;
  actor: string;
  reason: string | null;
  changedFields: unknown;
};

/**
 * A record's versions newest first, each as a before/after table of the fields it changed
 * (deletions struck through, insertions marked), with who or what made the change and why.
 */
export function History({ versions }: { versions: Version[] }) {
  return (
    <ol class="history" reversed>
      {[...versions].reverse().map((v) => {
        const changed = Object.entries(v.changedFields ?? {}) as [
          string,
          { old: unknown; new: unknown },
        ][];
        return (
          <li class="version" id={`v${v.version}`}>
            <h3>
              Version {v.version} ·{" "}
              <time
                datetime={v.observedAt ?? v.createdAt}
                title={v.observedAt ? `recorded here ${utcTime(v.createdAt)}` : undefined}
              >
                {utcTime(v.observedAt ?? v.createdAt)}
              </time>{" "}
              · {v.actor}
            </h3>
            {v.reason ? <p>Reason: {v.reason}</p> : null}
            {v.version === 1 || changed.length === 0 ? (
              <p>First recorded.</p>
            ) : (
              <ScrollBox label={`What changed in version ${v.version}`}>
                <table class="diff">
                  <caption class="muted">What changed in version {v.version}</caption>
                  <TableHead columns={["Field", "Before", "After"]} />
                  <tbody>
                    {changed
                      .flatMap(([field, d]) => diffRows(field, d))
                      .map((row) => (
                        <tr>
                          <th scope="row">{row.label}</th>
                          <td>{row.before ? <del>{row.before}</del> : null}</td>
                          <td>{row.after ? <ins>{row.after}</ins> : null}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </ScrollBox>
            )}
          </li>
        );
      })}
    </ol>
  );
}

type DiffRow = { label: string; before: string; after: string };

/**
 * The rows of one changed field. A list of parts (a member's postings or affiliations, each with
 * an id) is shown part by part, in words: what was added, retracted or corrected, and only the
 * corrected values; any other field is one row, before and after. Stored names are the schema's
 * camelCase, shown as the API names them.
 */
function diffRows(field: string, d: { old: unknown; new: unknown }): DiffRow[] {
  if (isPartList(d.old) && isPartList(d.new)) return partRows(field, d.old, d.new);
  const label = fieldLabel(snakeName(field));
  return [{ label, before: valueText(field, d.old), after: valueText(field, d.new) }];
}

type Part = Record<string, unknown> & { id: number };

const isPartList = (value: unknown): value is Part[] =>
  Array.isArray(value) &&
  value.every((p) => typeof p === "object" && p !== null && typeof p.id === "number");

/** Columns a reader needs to recognise a part, in reading order. */
const PART_SUMMARY = [
  "agencyRef",
  "organization",
  "title",
  "postingType",
  "relation",
  "startOn",
  "endOn",
  "recipientUei",
  "recipientName",
  "sourceUrl",
];
/** Stored names whose API name differs (worker/domain/members.ts postingRecord). */
const PART_LABELS: Record<string, string> = {
  agencyRef: "agency",
  postingType: "type",
  sourceUrl: "source",
  sourceNote: "source note",
  startOn: "start",
  endOn: "end",
};
const partLabel = (key: string) => PART_LABELS[key] ?? fieldLabel(snakeName(key));
/** Bookkeeping a reader of the diff does not need. */
const PART_NOISE = new Set(["id", "memberId", "createdAt", "updatedAt"]);

function partRows(field: string, before: Part[], after: Part[]): DiffRow[] {
  const plural = fieldLabel(snakeName(field));
  const noun = `${plural.charAt(0).toUpperCase()}${plural.slice(1).replace(/s$/, "")}`;
  const ids = [...new Set([...before, ...after].map((p) => p.id))].sort((a, b) => a - b);
  return ids.flatMap((id) => {
    const old = before.find((p) => p.id === id);
    const now = after.find((p) => p.id === id);
    if (!old && now) return [{ label: `${noun} ${id} added`, before: "", after: partText(now) }];
    if (old && !now) return [{ label: `${noun} ${id} removed`, before: partText(old), after: "" }];
    if (!old || !now) return [];
    const keys = Object.keys({ ...old, ...now }).filter(
      (k) => !PART_NOISE.has(k) && cellText(old[k]) !== cellText(now[k]),
    );
    if (!keys.length) return [];
    const retracted = !old.retractedAt && now.retractedAt;
    const label = `${noun} ${id} ${retracted ? "retracted" : "corrected"}`;
    const values = (p: Part) => keys.map((k) => `${partLabel(k)}: ${cellText(p[k])}`);
    return [{ label, before: values(old).join("; "), after: values(now).join("; ") }];
  });
}

/** A part in one line: its agency or organisation, title, type, dates, source. */
function partText(p: Part): string {
  return PART_SUMMARY.filter((k) => p[k] !== null && p[k] !== undefined && p[k] !== "")
    .map((k) => `${partLabel(k)}: ${cellText(p[k])}`)
    .join("; ");
}

/** A field's value in a diff: an amount exactly in dollars ($8,000,000,000.00 → $8,000,000.00). */
function valueText(field: string, value: unknown): string {
  const money = MONEY_FIELDS.has(field.replace(/AtSource$/, ""));
  if (money && (typeof value === "string" || typeof value === "number"))
    return fullMoney(String(value));
  return cellText(value);
}
