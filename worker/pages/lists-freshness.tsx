import type { KindFreshness } from "../../db/queries/source-lists.ts";

const PLURAL: Record<string, string> = { contract: "contracts", grant: "grants", lease: "leases" };
const plural = (kind: string) => PLURAL[kind] ?? kind;
const day = (iso: string) => iso.slice(0, 10);

/** "contracts as of 2025-04-16, grants as of 2025-03-30 and leases as of 2025-10-05". */
export function listsAsOf(lists: KindFreshness[]): string {
  const parts = lists.map((l) => `${plural(l.kind)} as of ${day(l.list_as_of)}`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts.join("");
}

/** What a kind's lists cannot show, when its newest list is partial; null when complete. */
export function removalsCaveat(l: KindFreshness): string | null {
  if (l.complete) return null;
  const known = l.removals_known_to
    ? `known only up to ${day(l.removals_known_to)}, the last complete list`
    : "not known: no complete list was ever read";
  return `The newest ${plural(l.kind)} list (${day(l.list_as_of)}) ${l.partial ?? "is not known to be complete"}; ${plural(l.kind)}' removals are ${known}, so ${l.unconfirmed} of the ${l.live} ${plural(l.kind)} counted here were first listed since and no complete list has confirmed them.`;
}

/** Beside the totals: they add up lists that end at different dates. */
export function ListsAsOfNote({ lists }: { lists: KindFreshness[] }) {
  if (lists.length === 0) return null;
  const caveats = lists.map(removalsCaveat).filter((c): c is string => c !== null);
  return (
    <p id="lists-as-of" class="note">
      {lists.length > 1
        ? `These totals combine lists of different dates: ${listsAsOf(lists)}.`
        : `As of the newest list: ${listsAsOf(lists)}.`}{" "}
      {caveats.join(" ")}
    </p>
  );
}

/** On a live claim whose kind's newest list is partial: whether the source still lists it is unknown. */
export function UnknownRemoval({
  lists,
  removed,
}: {
  lists: KindFreshness | null;
  removed: boolean;
}) {
  if (!lists || lists.complete || removed) return null;
  const since = lists.removals_known_to
    ? `is known only up to ${day(lists.removals_known_to)}, the last complete ${plural(lists.kind)} list`
    : "is not known: no complete list was ever read";
  return (
    <p id="removal-unknown" class="note">
      Whether the source still lists this claim {since}: the newer lists (up to{" "}
      {day(lists.list_as_of)}) show additions and edits, never a removal.
    </p>
  );
}
