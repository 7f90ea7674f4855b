import { INPUT_LIMITS } from '../assembly/read-input';
import { remembered } from '../collections';
import { readJsonFile } from '../assembly/template';
import { InputError } from '../assembly/types';
import bundledData from '../../data/prices.json';
import { PriceData, Sourced } from './price-data';

export type { Confidence, PriceData } from './price-data';

/** One price with where it came from. */
export interface UnitPrice {
  readonly usd: number;
  /** `infracost-nat-gateway (price-list)`: the source key and its confidence. */
  readonly source: string;
}

/** Lookups over the dated price table. A missing price is `null`, never a neighbour's price. */
export class PriceTable {
  private readonly pairs = new Map<string, UnitPrice>();
  /** Prices by region, made once: every flow through a NAT gateway or endpoint asks again. */
  private readonly nat = new Map<string, { hour: UnitPrice; gb: UnitPrice } | null>();
  private readonly endpoint = new Map<string, { azHour: UnitPrice; gb: UnitPrice } | null>();

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
    return remembered(this.nat, region, () => {
      const entry = this.data.natGateway.byRegion[region];
      return entry
        ? { hour: price(entry.usdPerHour, entry), gb: price(entry.usdPerGb, entry) }
        : null;
    });
  }

  interfaceEndpoint(region: string): { azHour: UnitPrice; gb: UnitPrice } | null {
    return remembered(this.endpoint, region, () => {
      const entry = this.data.interfaceEndpoint.byRegion[region];
      return entry
        ? { azHour: price(entry.usdPerAzHour, entry), gb: price(entry.usdPerGb, entry) }
        : null;
    });
  }

  customModelStorage(): UnitPrice {
    const s = this.data.bedrock.customModelStorage;
    return price(s.usdPerModelMonth, s);
  }

  /**
   * Training per 1K trained tokens, PT per model unit-hour, on-demand per 1K tokens; by catalog id,
   * in `region` when the Price List gives that region its own rate. An end-of-life model's prices
   * are kept out of estimates: all null, with the reason in `obsolete`.
   */
  model(
    id: string,
    region?: string | null,
  ): {
    training: UnitPrice | null;
    provisioned: UnitPrice | null;
    input: UnitPrice | null;
    output: UnitPrice | null;
    note?: string;
    obsolete?: string;
  } {
    const m = this.data.bedrock.models[id];
    const none = { training: null, provisioned: null, input: null, output: null };
    if (!m) return none;
    if (m.obsolete) return { ...none, obsolete: `${m.obsolete.reason} (${m.obsolete.source})` };
    const local = region ? m.byRegion?.[region] : undefined;
    const training = local?.trainingUsdPer1kTokens ?? m.trainingUsdPer1kTokens;
    const provisioned = local?.provisionedUsdPerModelUnitHour ?? m.provisionedUsdPerModelUnitHour;
    const onDemand = { ...m, source: m.onDemandSource ?? m.source };
    const sourced = (usd: number | null, regional: number | undefined) =>
      usd === null ? null : price(usd, regional !== undefined ? local! : m);
    return {
      training: sourced(training, local?.trainingUsdPer1kTokens),
      provisioned: sourced(provisioned, local?.provisionedUsdPerModelUnitHour),
      input: m.inputUsdPer1kTokens === undefined ? null : price(m.inputUsdPer1kTokens, onDemand),
      output: m.outputUsdPer1kTokens === undefined ? null : price(m.outputUsdPer1kTokens, onDemand),
      note: [m.trainingBasis, m.note].filter(Boolean).join(' ') || undefined,
    };
  }

  /** Why a region has no price of this kind, when the table says (`null`: no reason recorded). */
  unknownReason(
    kind: 'interRegionTransfer' | 'natGateway' | 'interfaceEndpoint',
    region: string,
  ): string | null {
    return this.data[kind].unknown?.[region]?.reason ?? null;
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
  const data: unknown = readJsonFile(file, 'prices file', INPUT_LIMITS.data);
  // Precompiled, and loaded only for a prices file: the bundled table is checked at build time.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validate: validator } =
    require('../generated/prices-validator') as typeof import('../generated/prices-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!validator(data)) {
    const error = validator.errors?.[0];
    const where = error?.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')} ` : '';
    throw new InputError(
      file,
      `not a price table of schema/prices.schema.json (${where}${error?.message ?? 'invalid'})`,
    );
  }
  return new PriceTable(data as PriceData);
}
