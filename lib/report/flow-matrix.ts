import { FlowModel } from './flow-model';
import { formatGb } from './mermaid';
import { formatUsd } from './money';

interface Cell {
  gb: number | null;
  usd: number;
  flows: number;
  nat: boolean;
  error: boolean;
  /** Flows whose mistake fails at deploy: their cost is moot, so it is not in `usd`. */
  failing: number;
}

/**
 * The region-flow picture for terminals: a from→to matrix of the flows (the caller's region to
 * the region of what it reaches), each cell the monthly GB and USD of its flows. Empty when there
 * is no cross-region or NAT flow.
 */
export function flowMatrix(model: FlowModel): string[] {
  if (model.edges.length === 0) return [];
  const cells = new Map<string, Cell>();
  const region = (r: string | null) => r ?? 'unknown';
  for (const e of model.edges) {
    const key = `${region(e.fromRegion)}\u0000${region(e.toRegion)}`;
    const c = cells.get(key) ?? {
      gb: 0,
      usd: 0,
      flows: 0,
      nat: false,
      error: false,
      failing: 0,
    };
    c.gb = c.gb === null || e.gb === null ? null : c.gb + e.gb;
    if (!e.failsAtDeploy) c.usd += e.monthlyUsd;
    c.flows += 1;
    c.nat ||= e.viaNat;
    c.error ||= e.severity === 'error';
    if (e.failsAtDeploy) c.failing += 1;
    cells.set(key, c);
  }
  const rows = [...new Set(model.edges.map((e) => region(e.fromRegion)))].sort();
  const cols = [...new Set(model.edges.map((e) => region(e.toRegion)))].sort();
  const table = [
    ['from \\ to', ...cols],
    ...rows.map((from) => [from, ...cols.map((to) => cellText(cells.get(`${from}\u0000${to}`)))]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return [
    'Region flows a month (caller region → resource region; * via NAT gateway, ! error):',
    ...table.map((row) => `  ${row.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd()),
    '',
  ];
}

function cellText(c: Cell | undefined): string {
  if (!c) return '-';
  const gb = c.gb === null ? '? GB' : `${formatGb(c.gb)} GB`;
  const usd = c.failing === c.flows ? 'fails at deploy' : formatUsd(c.usd);
  const notes = [
    ...(c.flows > 1 ? [`${c.flows} flows`] : []),
    ...(c.failing > 0 && c.failing < c.flows ? [`${c.failing} fail at deploy`] : []),
  ];
  const flows = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  return `${gb} ${usd}${flows}${c.nat ? '*' : ''}${c.error ? '!' : ''}`;
}
