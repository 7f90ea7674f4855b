import * as fs from 'fs';
import { InputError } from '../assembly/types';
import bundledData from '../../data/prices.json';

/** How far a price can be trusted; shown beside every line item. */
export type Confidence = 'price-list' | 'aws-docs' | 'aws-example' | 'third-party' | 'unverified';

interface Sourced {
  readonly source: string;
  readonly confidence: Confidence;
}

interface Tier {
  readonly upToGb: number | null;
  readonly usdPerGb: number;
}

interface BedrockModelPrices extends Sourced {
  readonly trainingUsdPer1kTokens: number | null;
  readonly provisionedUsdPerModelUnitHour: number | null;
  readonly inputUsdPer1kTokens?: number;
  readonly outputUsdPer1kTokens?: number;
  readonly onDemandSource?: string;
  readonly note?: string;
}

/** Shape of `data/prices.json`. */
export interface PriceData {
  readonly asOf: string;
  readonly currency: 'USD';
  readonly sources: Readonly<
    Record<
      string,
      { readonly title: string; readonly url: string | null; readonly verifyAt?: string }
    >
  >;
  readonly interRegionTransfer: {
    readonly fromRegion: Readonly<Record<string, Sourced & { readonly usdPerGb: number }>>;
    readonly pairs: readonly (Sourced & {
      readonly from: string;
      readonly to: string;
      readonly usdPerGb: number;
    })[];
  };
  readonly internetEgress: {
    readonly freeGbPerMonth: number;
    readonly fromRegion: Readonly<Record<string, Sourced & { readonly tiers: readonly Tier[] }>>;
  };
  readonly natGateway: {
    readonly byRegion: Readonly<
      Record<string, Sourced & { readonly usdPerHour: number; readonly usdPerGb: number }>
    >;
  };
  readonly interfaceEndpoint: {
    readonly byRegion: Readonly<
      Record<string, Sourced & { readonly usdPerAzHour: number; readonly usdPerGb: number }>
    >;
  };
  readonly bedrock: {
    readonly customModelStorage: Sourced & { readonly usdPerModelMonth: number };
    readonly models: Readonly<Record<string, BedrockModelPrices>>;
  };
}

/** One price with where it came from. */
export interface UnitPrice {
  readonly usd: number;
  /** `infracost-nat-gateway (price-list)`: the source key and its confidence. */
  readonly source: string;
}

/** Lookups over the dated price table. A missing price is `null`, never a neighbour's price. */
export class PriceTable {
  private readonly pairs = new Map<string, UnitPrice>();

  constructor(readonly data: PriceData) {
    for (const p of data.interRegionTransfer.pairs)
      this.pairs.set(`${p.from}>${p.to}`, price(p.usdPerGb, p));
  }

  get asOf(): string {
    return this.data.asOf;
  }

  /** Per GB sent from one region to another; charged to the sender. */
  interRegion(from: string, to: string): UnitPrice | null {
    const pair = this.pairs.get(`${from}>${to}`);
    if (pair) return pair;
    const entry = this.data.interRegionTransfer.fromRegion[from];
    return entry ? price(entry.usdPerGb, entry) : null;
  }

  /** Internet egress of `gb` in a month from a region, through the tiers; null when unknown. */
  internetEgress(from: string, gb: number): { usd: number; source: string } | null {
    const entry = this.data.internetEgress.fromRegion[from];
    if (!entry) return null;
    let usd = 0;
    let floor = 0;
    for (const tier of entry.tiers) {
      const ceiling = tier.upToGb ?? Infinity;
      usd += Math.max(0, Math.min(gb, ceiling) - floor) * tier.usdPerGb;
      floor = ceiling;
      if (gb <= ceiling) break;
    }
    return { usd, source: sourceOf(entry) };
  }

  /** First-tier egress rate, to state a unit price when no volume is known. */
  internetEgressRate(from: string): UnitPrice | null {
    const entry = this.data.internetEgress.fromRegion[from];
    return entry ? price(entry.tiers[0].usdPerGb, entry) : null;
  }

  natGateway(region: string): { hour: UnitPrice; gb: UnitPrice } | null {
    const entry = this.data.natGateway.byRegion[region];
    return entry
      ? { hour: price(entry.usdPerHour, entry), gb: price(entry.usdPerGb, entry) }
      : null;
  }

  interfaceEndpoint(region: string): { azHour: UnitPrice; gb: UnitPrice } | null {
    const entry = this.data.interfaceEndpoint.byRegion[region];
    return entry
      ? { azHour: price(entry.usdPerAzHour, entry), gb: price(entry.usdPerGb, entry) }
      : null;
  }

  customModelStorage(): UnitPrice {
    const s = this.data.bedrock.customModelStorage;
    return price(s.usdPerModelMonth, s);
  }

  /** Training per 1K trained tokens, PT per model unit-hour, on-demand per 1K tokens; by catalog id. */
  model(id: string): {
    training: UnitPrice | null;
    provisioned: UnitPrice | null;
    input: UnitPrice | null;
    output: UnitPrice | null;
    note?: string;
  } {
    const m = this.data.bedrock.models[id];
    if (!m) return { training: null, provisioned: null, input: null, output: null };
    const onDemand = { ...m, source: m.onDemandSource ?? m.source };
    return {
      training: m.trainingUsdPer1kTokens === null ? null : price(m.trainingUsdPer1kTokens, m),
      provisioned:
        m.provisionedUsdPerModelUnitHour === null
          ? null
          : price(m.provisionedUsdPerModelUnitHour, m),
      input: m.inputUsdPer1kTokens === undefined ? null : price(m.inputUsdPer1kTokens, onDemand),
      output: m.outputUsdPer1kTokens === undefined ? null : price(m.outputUsdPer1kTokens, onDemand),
      note: m.note,
    };
  }
}

function price(usd: number, entry: Sourced): UnitPrice {
  return { usd, source: sourceOf(entry) };
}

function sourceOf(entry: Sourced): string {
  return `${entry.source} (${entry.confidence})`;
}

let bundled: PriceTable | undefined;

/** The bundled price table, or a refreshed one from `pricesFile`. */
export function loadPrices(file?: string): PriceTable {
  if (!file) {
    bundled ??= new PriceTable(bundledData as unknown as PriceData);
    return bundled;
  }
  let data: Partial<PriceData>;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf-8')) as Partial<PriceData>;
  } catch (e) {
    throw new InputError(file, `prices file unreadable (${(e as Error).message.split('\n')[0]})`);
  }
  const missing = (
    [
      'asOf',
      'sources',
      'interRegionTransfer',
      'internetEgress',
      'natGateway',
      'interfaceEndpoint',
      'bedrock',
    ] as const
  ).filter((k) => !data || typeof data !== 'object' || data[k] === undefined);
  if (missing.length > 0)
    throw new InputError(file, `not a price table (missing ${missing.join(', ')})`);
  return new PriceTable(data as PriceData);
}
