/**
 * User-derived text (construct paths, logical ids, messages quoting template values, file names)
 * reaches terminals and review comments. Control characters there could move the cursor, recolour,
 * rewrite earlier lines or fake report lines, and bidirectional overrides reorder what is shown, so
 * they are written as visible escapes (`\u001b`), never raw.
 */

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
/** C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators, bidi controls. */
const CONTROLS =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\n\r]/g;
/** Whether a text needs either escape: most do not, and a test is cheaper than a replace. */
const ANY_CONTROL = new RegExp(CONTROLS.source);
const ANY_CONTROL_OR_BREAK = new RegExp(`${CONTROLS.source}|${LINE_BREAKS.source}`);
/* eslint-enable no-control-regex */

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text whose own newlines are layout (a Markdown document): every other control is escaped. */
export function escapeControls(text: string): string {
  return ANY_CONTROL.test(text) ? text.replace(CONTROLS, escape) : text;
}

/** One line of output: newlines and carriage returns inside it are escaped too. */
export function sanitizeLine(text: string): string {
  return ANY_CONTROL_OR_BREAK.test(text)
    ? text.replace(CONTROLS, escape).replace(LINE_BREAKS, escape)
    : text;
}
