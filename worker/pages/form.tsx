import type { Child } from "hono/jsx";
import { fieldLabel } from "./format.ts";

/** Form controls for the pages' filters: plain GET forms, no script. */

/** A select's choices: the value sent, the text shown. */
export type Options = readonly (readonly [value: string, text: string])[];

/** Each value as its own label: "fully_spent" → "fully spent". */
export const labelled = (values: readonly string[]): Options =>
  values.map((v) => [v, fieldLabel(v)]);

/** A label and its control, tied by id (a label around a select would read its options too). */
export function Field(props: { name: string; label: string; children: Child }) {
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.children}
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  /** The "no filter" choice, sent empty. */
  any?: string;
  options: Options;
  now: string | undefined;
}) {
  return (
    <Field name={props.name} label={props.label}>
      <select id={`f-${props.name}`} name={props.name}>
        {props.any ? <option value="">{props.any}</option> : null}
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.now}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}
