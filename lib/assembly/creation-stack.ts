import { SourceLocation } from './types';

const DIGITS = /^\d+$/;
const DRIVE = /^[A-Za-z]$/;

/** The first frame of a creation stack that is the user's code (not node internals nor node_modules). */
export function userFrame(trace: readonly unknown[] | undefined): SourceLocation | undefined {
  if (!trace) return undefined;
  for (const frame of trace) {
    if (typeof frame !== 'string' || frame.startsWith('...') || frame.includes('node_modules'))
      continue;
    const location = parseFrame(frame);
    if (location) return location;
  }
  return undefined;
}

/**
 * Frames look like `<anonymous> (/abs/bin/app.ts:23:13)` or `new Foo (C:\app\foo.ts:5:3)`.
 * Parsed with index scans from the end, not a regex: metadata is user input and a backtracking
 * pattern over a long frame is quadratic.
 */
export function parseFrame(frame: string): SourceLocation | undefined {
  let text = frame.trimEnd();
  if (text.endsWith(')')) text = text.slice(0, -1);
  const columnAt = text.lastIndexOf(':');
  const lineAt = columnAt > 0 ? text.lastIndexOf(':', columnAt - 1) : -1;
  if (lineAt < 0) return undefined;
  const line = text.slice(lineAt + 1, columnAt);
  const column = text.slice(columnAt + 1);
  if (!DIGITS.test(line) || !DIGITS.test(column)) return undefined;
  const head = text.slice(0, lineAt);
  let start = Math.max(head.lastIndexOf('('), head.lastIndexOf(')'), head.lastIndexOf(':')) + 1;
  if (head[start - 1] === ':') {
    if (head.slice(0, start).endsWith('node:')) return undefined; // node:internal/...
    const drive = head[start - 2];
    if (drive && DRIVE.test(drive) && (start === 2 || /[\s(]/.test(head[start - 3]))) start -= 2;
  }
  const file = head.slice(start).trim();
  if (file === '') return undefined;
  return { file, line: Number(line), column: Number(column) };
}
