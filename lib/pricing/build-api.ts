import { PriceApiLayer, PriceApiRow, PriceQueryName } from './api-layer';
import { OverlayModel } from './overlay';
import { PriceConflict, PriceData, RegionalModelPrices } from './price-data';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Table = Mutable<PriceData>;

const SOURCE = 'aws-price-list';
const FROM_API = { source: SOURCE, confidence: 'price-list' as const };

/** Lays the Price List rows over the documented prices, recording each disagreement. */
export function fromApi(
  table: Table,
  api: PriceApiLayer,
  models: Readonly<Record<string, OverlayModel>>,
): void {
  table.sources = {
    ...table.sources,
    [SOURCE]: {
      title: `AWS Price List API, ${api.source}, read ${api.asOf} by cdk-bedrock-lint prices refresh`,
      url: 'https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html',
      published: api.asOf,
      checked: api.asOf,
    },
  };
  const conflicts: PriceConflict[] = [...(table.conflicts ?? [])];
  const rows = (name: PriceQueryName): readonly PriceApiRow[] => {
    const q = api.queries[name];
    return q?.status === 'ok' ? q.rows.filter((r) => r.beginRange === 0) : [];
  };
  transfer(table, rows('interRegionTransfer'), conflicts);
  perRegion(table, 'natGateway', rows('natGateway'), /(?:^|-)NatGateway-(Hours|Bytes)$/, conflicts);
  perRegion(
    table,
    'interfaceEndpoint',
    rows('interfaceEndpoint'),
    /(?:^|-)VpcEndpoint-(Hours|Bytes)$/,
    conflicts,
  );
  bedrock(
    table,
    [...rows('bedrockCustomization'), ...rows('bedrockProvisionedThroughput')],
    models,
    conflicts,
  );
  table.conflicts = conflicts;
}

function conflict(
  conflicts: PriceConflict[],
  path: string,
  overlay: number | null | undefined,
  api: number,
): void {
  if (overlay !== undefined && overlay !== null && overlay !== api)
    conflicts.push({ path, overlay, api, kept: 'api' });
}

/** Each sender's commonest rate becomes its default; destinations billed otherwise become pairs. */
function transfer(table: Table, rows: readonly PriceApiRow[], conflicts: PriceConflict[]): void {
  const bySender = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!r.regionCode || !r.toRegionCode || !/GB/i.test(r.unit)) continue;
    if (!bySender.has(r.regionCode)) bySender.set(r.regionCode, new Map());
    bySender.get(r.regionCode)!.set(r.toRegionCode, r.usd);
  }
  const fromRegion = { ...table.interRegionTransfer.fromRegion };
  let pairs = [...table.interRegionTransfer.pairs];
  for (const [from, destinations] of [...bySender].sort(([a], [b]) => a.localeCompare(b))) {
    const rate = mode([...destinations.values()]);
    conflict(conflicts, `interRegionTransfer.fromRegion.${from}`, fromRegion[from]?.usdPerGb, rate);
    fromRegion[from] = { usdPerGb: rate, ...FROM_API };
    for (const p of pairs.filter((p) => p.from === from))
      conflict(
        conflicts,
        `interRegionTransfer.pairs.${from}>${p.to}`,
        p.usdPerGb,
        destinations.get(p.to) ?? rate,
      );
    pairs = pairs.filter((p) => p.from !== from);
    for (const [to, usd] of [...destinations].sort(([a], [b]) => a.localeCompare(b)))
      if (usd !== rate) pairs.push({ from, to, usdPerGb: usd, ...FROM_API });
  }
  pairs.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  table.interRegionTransfer = { ...table.interRegionTransfer, fromRegion, pairs };
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a - b)[0][0];
}

/** NAT gateway and interface endpoint: an hourly and a per-GB row per region, both or neither. */
function perRegion(
  table: Table,
  kind: 'natGateway' | 'interfaceEndpoint',
  rows: readonly PriceApiRow[],
  usage: RegExp,
  conflicts: PriceConflict[],
): void {
  const found = new Map<string, { Hours?: number; Bytes?: number }>();
  for (const r of rows) {
    const m = usage.exec(r.usagetype);
    if (!m || !r.regionCode) continue;
    found.set(r.regionCode, { ...found.get(r.regionCode), [m[1]]: r.usd });
  }
  const hourKey = kind === 'natGateway' ? 'usdPerHour' : 'usdPerAzHour';
  const byRegion: Record<string, unknown> = { ...table[kind].byRegion };
  for (const [region, { Hours, Bytes }] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if (Hours === undefined || Bytes === undefined) continue;
    const old = table[kind].byRegion[region] as unknown as Record<string, number> | undefined;
    conflict(conflicts, `${kind}.byRegion.${region}.${hourKey}`, old?.[hourKey], Hours);
    conflict(conflicts, `${kind}.byRegion.${region}.usdPerGb`, old?.usdPerGb, Bytes);
    byRegion[region] = { [hourKey]: Hours, usdPerGb: Bytes, ...FROM_API };
  }
  (table as Record<typeof kind, unknown>)[kind] = { ...table[kind], byRegion };
}

/** Rows of each mapped model's usage-type families, per region, converted to the table's units. */
function bedrock(
  table: Table,
  rows: readonly PriceApiRow[],
  models: Readonly<Record<string, OverlayModel>>,
  conflicts: PriceConflict[],
): void {
  const out = { ...table.bedrock.models };
  for (const [id, m] of Object.entries(models)) {
    const map = m.priceList;
    if (!map) continue;
    const byRegion: Record<string, Mutable<RegionalModelPrices>> = {};
    const put = (family: string | undefined, field: keyof RegionalModelPrices, unit: RegExp) => {
      if (!family) return;
      for (const r of rows) {
        if (!r.regionCode || !(r.usagetype === family || r.usagetype.endsWith(`-${family}`)))
          continue;
        const usd = inUnit(r, field, unit);
        if (usd === null) {
          conflicts.push({
            path: `bedrock.models.${id}.byRegion.${r.regionCode}.${field}`,
            overlay: null,
            api: r.usd,
            kept: 'overlay',
            note: `Price List unit "${r.unit}" of ${r.usagetype} not understood; not used`,
          });
          continue;
        }
        byRegion[r.regionCode] = { ...FROM_API, ...byRegion[r.regionCode], [field]: usd };
      }
    };
    put(map.training, 'trainingUsdPer1kTokens', /1K|1,000|thousand/i);
    put(map.provisioned, 'provisionedUsdPerModelUnitHour', /h(ou)?r/i);
    put(map.storage, 'storageUsdPerModelMonth', /mo(nth)?/i);
    if (Object.keys(byRegion).length === 0) continue;
    const home = byRegion[map.region];
    if (home?.trainingUsdPer1kTokens !== undefined)
      conflict(
        conflicts,
        `bedrock.models.${id}.trainingUsdPer1kTokens`,
        out[id].trainingUsdPer1kTokens,
        home.trainingUsdPer1kTokens,
      );
    out[id] = { ...out[id], byRegion };
  }
  table.bedrock = { ...table.bedrock, models: out };
}

/** Training rows per 1K or 1M tokens become per 1K; a unit the table cannot state is null. */
function inUnit(r: PriceApiRow, field: keyof RegionalModelPrices, unit: RegExp): number | null {
  if (field === 'trainingUsdPer1kTokens' && /1M|million/i.test(r.unit)) return r.usd / 1000;
  return unit.test(r.unit) ? r.usd : null;
}
