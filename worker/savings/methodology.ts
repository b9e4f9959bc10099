/**
 * The methodology whose assessments the API shows. Assessments are kept per version, so a new
 * version is computed beside the old one and this constant switches what readers see.
 */
// METHODOLOGY.md states the same version (a test checks); worker/savings/assess-v2.ts implements
// it, worker/savings/assess.ts version 1, still computed beside it.
export const METHODOLOGY_VERSION = "2";

/** The versions the job keeps computing, the current one last. */
export const COMPUTED_VERSIONS = ["1", "2"] as const;
