/**
 * The methodology whose assessments the API shows. Assessments are kept per version, so a new
 * version is computed beside the old one and this constant switches what readers see.
 */
// METHODOLOGY.md states the same version (a test checks); worker/savings/assess-v3.ts implements
// it, assess-v2.ts and assess.ts versions 2 and 1, still computed beside it.
export const METHODOLOGY_VERSION = "3";

/** The versions the job keeps computing, the current one last. */
export const COMPUTED_VERSIONS = ["1", "2", "3"] as const;
