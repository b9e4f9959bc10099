/**
 * Whether an error means "the database is not there" (refused, timed out, dropped) rather
 * than a bad query. Drizzle wraps driver errors, so the whole cause chain is checked.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseTimeoutError) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    // SQLSTATE class 08: connection exception; 57P0x: server shutting down / cannot connect now.
    if (typeof code === "string" && (/^08/.test(code) || /^57P0/.test(code))) return true;
    if (typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(code)) {
      return true;
    }
    if (typeof message === "string" && UNAVAILABLE.some((re) => re.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const UNAVAILABLE = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /Connection terminated unexpectedly/i,
  /WebSocket/i,
  /ECONNREFUSED/,
  /network connection lost/i,
  /Query read timeout/i,
  // Neon's HTTP queries: the endpoint unreachable or timed out, or answering with a 5xx.
  /Error connecting to database/i,
  /Server error \(HTTP status 5\d\d\)/i,
  // A connection that died inside a transaction: the driver refuses the ROLLBACK Drizzle sends,
  // and that error replaces the one that broke the connection.
  /Client has encountered a connection error and is not queryable/i,
];

export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`database did not answer within ${ms} ms`);
  }
}

/** Race a database call against a deadline, so a hung connection cannot hang a request. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Postgres error under a driver or Drizzle wrapper: its SQLSTATE, message and constraint. */
export function postgresError(
  err: unknown,
): { code: string; message: string; constraint?: string; column?: string } | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { code, constraint, message, column } = e as {
      code?: unknown;
      constraint?: unknown;
      message?: unknown;
      column?: unknown;
    };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return {
        code,
        message: typeof message === "string" ? message : code,
        ...(typeof constraint === "string" ? { constraint } : {}),
        ...(typeof column === "string" ? { column } : {}),
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
