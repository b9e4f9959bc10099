import { gunzipSync } from "node:zlib";

/**
 * The most a list file may inflate to. The largest archived list is under 4 MB of text; a
 * crafted gzip of a few KB can expand to gigabytes and take the importer down with it.
 */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

/** A list file's text: gunzipped when its magic bytes say gzip (whatever its name says), capped. */
export function listText(bytes: Uint8Array, maxBytes = MAX_INFLATED_BYTES): string {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Buffer.from(bytes).toString("utf8");
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes }).toString("utf8");
  } catch (err) {
    // Node says ERR_BUFFER_TOO_LARGE; workerd's zlib, "Memory limit exceeded".
    const { code, message } = err as { code?: string; message?: string };
    if (code === "ERR_BUFFER_TOO_LARGE" || /memory limit exceeded/i.test(message ?? "")) {
      throw new Error(`the file inflates to more than ${maxBytes} bytes: refused`);
    }
    throw new Error(`not a readable gzip file: ${(err as Error).message}`);
  }
}
