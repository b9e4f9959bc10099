/** Hex SHA-256 of a text. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A record's ETag: `"v<version>-<hash>"`. If-Match compares the version; the hash makes a 304
 * impossible when something beside the record (e.g. its assessment) changed the body.
 */
export async function recordEtag(version: number, body: string): Promise<string> {
  return `"v${version}-${(await sha256(body)).slice(0, 16)}"`;
}
