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
                    {changed.map(([field, d]) => (
                      <tr>
                        {/* Stored names are the schema's camelCase; shown as the API names them. */}
                        <th scope="row">{fieldLabel(snakeName(field))}</th>
                        <td>
                          <del>{valueText(field, d.old)}</del>
                        </td>
                        <td>
                          <ins>{valueText(field, d.new)}</ins>
                        </td>
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

/** Stored field names are the schema's camelCase; show them as the API names them. */

/** A field's value in a diff: an amount exactly in dollars ($8,000,000,000.00 → $8,000,000.00). */
function valueText(field: string, value: unknown): string {
  const money = MONEY_FIELDS.has(field.replace(/AtSource$/, ""));
  if (money && (typeof value === "string" || typeof value === "number"))
    return fullMoney(String(value));
  return cellText(value);
}
