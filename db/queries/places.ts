import { sql } from "drizzle-orm";
import type { PlaceSource } from "../../worker/lib/places.ts";
import type { Db } from "../client.ts";
import { awardIdOf } from "./awards.ts";
import { inClaimScope } from "./claim-changes.ts";

/**
 * What the records behind each claim say about its place: the archived list's columns (kept in
 * proposal_source_values.values.extra) and the award record's (awards.raw, USAspending's shape).
 * Only the few fields a place needs are read, not the records.
 */
export type PlaceInputRow = {
  id: number;
  kind: string;
  award_pop_state: string | null;
  award_pop_district: string | null;
  award_recipient_state: string | null;
  award_recipient_district: string | null;
  list_pop_state: string | null;
  list_pop_district: string | null;
  list_recipient_state: string | null;
  list_recipient_district: string | null;
  lease_state: string | null;
  lease_city: string | null;
  lease_location: string | null;
};

/** The place inputs of the claims of `scope` (ids), or of every claim when it is undefined. */
export async function placeInputs(db: Db, scope?: number[]): Promise<PlaceInputRow[]> {
  const result = await db.execute<PlaceInputRow>(sql`
    select p.id::int as id, p.kind::text as kind,
      a.raw->'place_of_performance'->>'state_code' as award_pop_state,
      a.raw->'place_of_performance'->>'congressional_code' as award_pop_district,
      a.raw->'recipient'->'location'->>'state_code' as award_recipient_state,
      a.raw->'recipient'->'location'->>'congressional_code' as award_recipient_district,
      coalesce(x.e->>'performance_state', x.e->>'place_of_performance_state_code') as list_pop_state,
      coalesce(x.e->>'performance_congressional_district', x.e->>'place_of_performance_congressional_code')
        as list_pop_district,
      coalesce(x.e->>'entity_state', x.e->>'recipient_location_state_code') as list_recipient_state,
      coalesce(x.e->>'entity_congressional_district', x.e->>'recipient_location_congressional_code')
        as list_recipient_district,
      case when p.kind = 'lease' then x.e->>'state' end as lease_state,
      case when p.kind = 'lease' then x.e->>'city' end as lease_city,
      case when p.kind = 'lease' then p.lease_location end as lease_location
    from proposals p
    left join lateral (
      select v."values"->'extra' as e from proposal_source_values v where v.proposal_id = p.id
    ) x on true
    left join awards a on a.award_id = ${awardIdOf("p")} and a.status = 'found'
    where ${inClaimScope("p", scope)}
    order by p.id`);
  return result.rows;
}

export type PlaceValues = {
  proposalId: number;
  state: string;
  district: string | null;
  placeSource: PlaceSource;
  districtSource: PlaceSource | null;
};

/**
 * Store each claim's derived place, in one statement per 1,000 claims: a place that changed is
 * rewritten (derived_at now), an unchanged one is left as it was, and a claim whose records no
 * longer name a place loses its row. `all` is every claim's place (null: unknown), as derived
 * from placeInputs. Returns how many rows were written or removed.
 */
export async function savePlaces(
  db: Db,
  all: { proposalId: number; place: Omit<PlaceValues, "proposalId"> | null }[],
): Promise<number> {
  let written = 0;
  const known = all.flatMap((a) => (a.place ? [{ proposalId: a.proposalId, ...a.place }] : []));
  for (let i = 0; i < known.length; i += 1000) {
    const chunk = known.slice(i, i + 1000);
    const rows = sql.join(
      chunk.map(
        (r) =>
          sql`(${r.proposalId}::bigint, ${r.state}, ${r.district}, ${r.placeSource}, ${r.districtSource})`,
      ),
      sql`, `,
    );
    const result = await db.execute(sql`
      insert into proposal_places (proposal_id, state, district, place_source, district_source)
      values ${rows}
      on conflict (proposal_id) do update set state = excluded.state,
        district = excluded.district, place_source = excluded.place_source,
        district_source = excluded.district_source, derived_at = now()
      where (proposal_places.state, proposal_places.district, proposal_places.place_source,
        proposal_places.district_source) is distinct from (excluded.state, excluded.district,
        excluded.place_source, excluded.district_source)`);
    written += result.rowCount ?? 0;
  }
  const unknown = all.filter((a) => !a.place).map((a) => a.proposalId);
  for (let i = 0; i < unknown.length; i += 5000) {
    const ids = unknown.slice(i, i + 5000);
    const result = await db.execute(sql`
      delete from proposal_places where proposal_id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`);
    written += result.rowCount ?? 0;
  }
  return written;
}

/** The districts of one state that claims name, with their claims, most first. */
export async function districtsOfState(db: Db, state: string) {
  const result = await db.execute<{ district: string; claims: number }>(sql`
    select pl.district, count(*)::int as claims
    from proposal_places pl join proposals p on p.id = pl.proposal_id
    where pl.state = ${state} and pl.district is not null
      and p.removed_from_source_at is null and p.retracted_at is null
    group by 1 order by 2 desc, 1`);
  return result.rows;
}
