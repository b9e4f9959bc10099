import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { awardKeyOf } from "../schema/index.ts";

/**
 * The key under which the award search of a claim that names no award is stored, in `awards`
 * beside USAspending's own keys (`p` is the proposals alias): a contract with a PIID but no link
 * `search|piid|<piid>|<agency code>`; a grant with a FAIN `search|fain|<fain>|<agency code>`,
 * else one naming its recipient `search|recipient|<agency code>|<value>|<date>|<recipient>`
 * (`-` where a part is unknown). Null for every claim with an award key, for pools and leases.
 * It is never shown as an award id: a search that found one award shows that award's id.
 */
export const searchKeyOf = (p: string) => {
  const c = (name: string) => sql.raw(`${p}.${name}`);
  return sql<string | null>`(case
    when ${awardKeyOf(p)} is not null or ${c("natural_key")} ~ '^[a-z]+:pool:' then null
    when ${c("kind")} = 'contract' and ${c("piid")} is not null
      then 'search|piid|' || ${c("piid")} || '|' || coalesce(${c("agency_code")}, '-')
    when ${c("kind")} = 'grant' and ${c("fain")} is not null
      then 'search|fain|' || ${c("fain")} || '|' || coalesce(${c("agency_code")}, '-')
    when ${c("kind")} = 'grant' and ${c("recipient")} is not null
      then 'search|recipient|' || coalesce(${c("agency_code")}, '-') || '|' ||
        coalesce(${c("claimed_value")}::text, '-') || '|' || coalesce(${c("claim_date")}::text, '-')
        || '|' || ${c("recipient")}
    end)`;
};

/** The key a claim's evidence is stored under: its award's, else its search's. */
export const evidenceKeyOf = (p: string) => sql`coalesce(${awardKeyOf(p)}, ${searchKeyOf(p)})`;

/** Whether a stored award key is a search's rather than USAspending's. */
export const isSearchKey = (key: string) => key.startsWith("search|");

/**
 * Record the claims a stored search answers as changed (the awards trigger matches claims by
 * their award key only), so the next assessment reads the search's outcome.
 */
export async function recordSearchedClaims(db: Pick<Db, "execute">, key: string) {
  await db.execute(sql`select record_claim_changes(array(
    select p.id from proposals p where ${searchKeyOf("p")} = ${key}))`);
}
