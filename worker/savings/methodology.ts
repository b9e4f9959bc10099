/**
 * The methodology whose assessments the API shows. Assessments are kept per version, so a new
 * version is computed beside the old one and this constant switches what readers see.
 */
// METHODOLOGY.md states the same version (a test checks); worker/savings/assess.ts implements it.
export const METHODOLOGY_VERSION = "1";
