/**
 * C0 control characters and DEL, but tab, line feed and carriage return (text holds those): a
 * terminal runs the escape sequences they start, and nothing a commission published needs one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text with its control characters (CONTROL_CHARACTERS) removed. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "");
}

/** Whether text holds a control character (CONTROL_CHARACTERS). */
export const hasControls = (text: string): boolean =>
  new RegExp(CONTROL_CHARACTERS.source).test(text);
