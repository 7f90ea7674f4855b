import { Report } from './types';

export function formatJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The JSON report in pieces, a finding at a time, exactly as `JSON.stringify(report, null, 2)`
 * plus a newline: a large report is written without ever being one string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined);
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield '[';
      for (const [j, item] of value.entries())
        yield `${j ? ',' : ''}\n    ${indented(item, '    ')}`;
      yield '\n  ]';
    } else yield indented(value, '  ');
  }
  yield entries.length ? '\n}\n' : '}\n';
}

/** JSON strings never hold a raw newline, so every newline is a line break of the layout. */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}
