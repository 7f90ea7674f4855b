import { FlowEdge, FlowModel } from './flow-model';
import { formatUsd } from './money';

/** Labels longer than this are clipped: a construct path can be long, a box should not be. */
const MAX_LABEL = 60;

/**
 * A Mermaid label: quoted, and every character outside a small safe set written as a Mermaid
 * entity (`#60;`), so no construct path, region or description can end the label, open a link,
 * inject HTML, close the Markdown fence or start KaTeX. Mermaid decodes the entities when it draws.
 */
export function mermaidLabel(s: string): string {
  const clipped = [...s.replace(/\s+/g, ' ').trim()];
  const text = clipped.length > MAX_LABEL ? [...clipped.slice(0, MAX_LABEL - 1), '…'] : clipped;
  return `"${text.map((c) => (/^[A-Za-z0-9 .,:/_()+-]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('')}"`;
}

/** `10 GB, $0.65/month via NAT`: what the arrow carries and costs. */
export function edgeLabel(e: FlowEdge): string {
  const gb = e.gb === null ? '? GB' : `${formatGb(e.gb)} GB`;
  const usd = e.failsAtDeploy ? 'fails at deploy' : `${formatUsd(e.monthlyUsd)}/month`;
  return `${gb}, ${usd}${e.viaNat ? ' via NAT' : ''}`;
}

export function formatGb(gb: number): string {
  return String(Math.round(gb * 100) / 100);
}

/**
 * The flowchart: one subgraph per region (unknown regions in their own box), the nodes inside,
 * one arrow per flow; errors in red, warnings in amber (`classDef` for boxes, `linkStyle` for
 * arrows by their index).
 */
export function mermaidFlowchart(model: FlowModel): string {
  const lines = ['flowchart LR'];
  const regions = [...new Set(model.nodes.map((n) => n.region ?? ''))].sort();
  regions.forEach((region, i) => {
    lines.push(`  subgraph region${i}[${mermaidLabel(region || 'unknown region')}]`);
    for (const n of model.nodes.filter((node) => (node.region ?? '') === region))
      lines.push(`    ${n.id}[${mermaidLabel(n.label)}]`);
    lines.push('  end');
  });
  model.edges.forEach((e) => {
    const arrow = e.viaNat ? '-.->' : '-->';
    lines.push(`  ${e.from} ${arrow}|${mermaidLabel(edgeLabel(e))}| ${e.to}`);
  });
  lines.push(
    '  classDef error fill:#fde8e8,stroke:#d11,stroke-width:2px,color:#900',
    '  classDef warning fill:#fff4e0,stroke:#d80,color:#630',
  );
  for (const severity of ['error', 'warning'] as const) {
    const ids = model.nodes.filter((n) => n.severity === severity).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${severity}`);
    const links = model.edges.flatMap((e, i) => (e.severity === severity ? [i] : []));
    const colour = severity === 'error' ? '#d11' : '#d80';
    if (links.length > 0)
      lines.push(
        `  linkStyle ${links.join(',')} stroke:${colour},stroke-width:2px,color:${colour}`,
      );
  }
  return lines.join('\n');
}
