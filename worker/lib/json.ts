type Reviver = (key: string, value: unknown, context: { source?: string }) => unknown;

/**
 * JSON.parse that keeps every number as the exact text the upstream sent ("31734918636.860065"),
 * so money is never rounded through a float. Uses the reviver's source-text access (ES2025).
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === "number" && context?.source !== undefined ? context.source : value;
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}
