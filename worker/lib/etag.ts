import { hexDigest } from "./encoding.ts";

/** Hex SHA-256 of a text. */
export const sha256 = (text: string) => hexDigest("SHA-256", text);

/**
 * A record's ETag: `"v<version>-<hash>"`. If-Match compares the version; the hash makes a 304
 * impossible when something beside the record (e.g. its assessment) changed the body.
 */
export async function recordEtag(version: number, body: string): Promise<string> {
  return `"v${version}-${(await sha256(body)).slice(0, 16)}"`;
}
