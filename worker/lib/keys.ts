import { base64url, hex, hexDigest } from "./encoding.ts";

/**
 * API keys: `cw_<8 hex>_<43 base64url>`. The first part is the public prefix that finds the key;
 * the rest is 256 random bits. Only SHA-256 of the whole token is stored, so a database dump
 * holds no usable key. Uses Web Crypto only, so the Worker and the Node CLI share it.
 */
const TOKEN = /^(cw_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export type NewKey = { token: string; prefix: string; hash: string };

export async function generateKey(): Promise<NewKey> {
  const prefix = `cw_${hex(crypto.getRandomValues(new Uint8Array(4)))}`;
  const token = `${prefix}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { token, prefix, hash: await hashToken(token) };
}

/** The prefix of a well-formed token, or null for anything else. */
export function tokenPrefix(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

export function hashToken(token: string): Promise<string> {
  return hexDigest("SHA-256", token);
}

/** Compare a presented token with a stored hash in time that does not depend on where they differ. */
export async function tokenMatches(token: string, storedHash: string): Promise<boolean> {
  const a = new TextEncoder().encode(await hashToken(token));
  const b = new TextEncoder().encode(storedHash);
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
