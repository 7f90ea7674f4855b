import { Report } from './types';

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
