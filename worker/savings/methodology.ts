/**
 * The methodology whose assessments the API shows. Assessments are kept per version, so a new
 * version is computed beside the old one and this constant switches what readers see.
 */
export const METHODOLOGY_VERSION = "1";
