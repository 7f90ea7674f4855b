import { SourceLocation } from './types';

// Frames look like `<anonymous> (/abs/bin/app.ts:23:13)` or `new Foo (/abs/lib/foo.ts:5:3)`.
const FRAME = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/;

/** The first frame of a creation stack that is the user's code (not node internals nor node_modules). */
export function userFrame(trace: readonly unknown[] | undefined): SourceLocation | undefined {
  if (!trace) return undefined;
  for (const frame of trace) {
    if (typeof frame !== 'string' || frame.startsWith('...') || frame.includes('node_modules'))
      continue;
    const match = FRAME.exec(frame);
    if (match && !match[1].startsWith('node:')) {
      return { file: match[1].trim(), line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}
