import data from '../../data/inference-profiles.json';

interface Geography {
  readonly sourceRegions: readonly string[];
  readonly destinationRegions: readonly string[];
  readonly anyCommercialRegion?: boolean;
  readonly source: string;
}

interface ProfilesData {
  readonly asOf: string;
  readonly sources: Readonly<Record<string, { readonly url: string }>>;
  readonly geographies: Readonly<Record<string, Geography>>;
  readonly profiles: Readonly<
    Record<string, { readonly routes: Readonly<Record<string, readonly string[]>> }>
  >;
}

/** Where a cross-Region inference profile sends requests, per `data/inference-profiles.json`. */
export interface Routing {
  /** Destination regions; empty with `anyCommercialRegion` for global profiles. */
  readonly regions: readonly string[];
  readonly anyCommercialRegion: boolean;
  /** Whether the table lists the calling region as a source for this geography. */
  readonly callable: boolean;
  readonly source: string;
}

const profiles = data as unknown as ProfilesData;

export const INFERENCE_PROFILES_AS_OF = profiles.asOf;

/**
 * Routing of a profile id (`eu.anthropic...`) called from a region: the profile's own row when
 * the table has it, else the union of its geography. Undefined for an unknown geography.
 */
export function routing(profileId: string, geography: string, from: string): Routing | undefined {
  const geo = profiles.geographies[geography];
  if (!geo) return undefined;
  const row = profiles.profiles[profileId]?.routes[from];
  return {
    regions: row ?? geo.destinationRegions,
    anyCommercialRegion: geo.anyCommercialRegion === true,
    callable: geo.sourceRegions.includes(from),
    source: profiles.sources[geo.source.split('+')[0]]?.url ?? geo.source,
  };
}
