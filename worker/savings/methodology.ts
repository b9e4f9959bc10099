/**
 * The methodology whose assessments the API shows. Assessments are kept per version, so a new
 * version is computed beside the old one and this constant switches what readers see.
 */
// "0": the provisional rule of worker/savings/assess.ts, until METHODOLOGY.md states version 1.
export const METHODOLOGY_VERSION = "0";
