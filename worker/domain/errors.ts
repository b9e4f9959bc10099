/**
 * Why a write service refused: the domain's own error, free of HTTP. The app's onError answers
 * it as the problem of the same kind (worker/errors.ts), so a service never names a status.
 */
export type RefusalKind =
  | "bad-request"
  | "not-found"
  | "conflict"
  | "precondition-failed"
  | "idempotency-key-reused";

export class Refusal extends Error {
  readonly kind: RefusalKind;
  readonly fields: { name: string; message: string }[];
  constructor(kind: RefusalKind, detail: string, fields: { name: string; message: string }[] = []) {
    super(detail);
    this.kind = kind;
    this.fields = fields;
  }
}
