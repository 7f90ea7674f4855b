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
      // Wrapped in arrays, JSON.stringify indents the item as deep as it sits in the report.
      for (const [j, item] of value.entries())
        yield `${j ? ',' : ''}\n    ${JSON.stringify([[item]], null, 2).slice(10, -6)}`;
      yield '\n  ]';
    } else yield JSON.stringify([value], null, 2).slice(4, -2);
  }
  yield entries.length ? '\n}\n' : '}\n';
}
