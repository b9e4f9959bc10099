import * as v from "valibot";

/**
 * The bodies of the Worker's own queue messages, in a leaf module: the bindings (env.ts) name
 * them, and the producers and consumers (jobs/) read and write them, with no import between.
 */

/** A message of the queue of award lookups: the award's key, as claims join on it. */
export const AwardLookupSchema = v.object({ awardId: v.pipe(v.string(), v.minLength(1)) });
export type AwardLookup = v.InferOutput<typeof AwardLookupSchema>;
