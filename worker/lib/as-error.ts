/**
 * Anything thrown, as an Error. The database driver can reject with a WebSocket `ErrorEvent`
 * (the connection was lost while a transaction was being opened): not an Error, but its
 * message says what happened, and the cause keeps the original.
 */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const { message } = (thrown ?? {}) as { message?: unknown };
  return new Error(typeof message === "string" ? message : String(thrown), { cause: thrown });
}
