import { RegionInfo } from 'aws-cdk-lib/region-info';
import { InputError } from '../assembly/types';

/**
 * The regions `catalog refresh` asks by default: every region of the commercial (`aws`) partition
 * in aws-cdk-lib's region facts, which each aws-cdk-lib release updates. Neither the SDK's partition
 * data nor the region facts say which regions have a Bedrock endpoint, so a region without one is
 * asked too and recorded as unknown with its endpoint error, never dropped. GovCloud and China need
 * their own credentials: name them with `--regions`.
 */
export function commercialRegions(): string[] {
  return RegionInfo.regions
    .filter((r) => r.partition === 'aws')
    .map((r) => r.name)
    .sort();
}

/** `--regions us-east-1,eu-west-1`: known region codes only, so a typo is an error, not a gap. */
export function parseRegions(value: string): string[] {
  const known = new Set(RegionInfo.regions.map((r) => r.name));
  const regions = [
    ...new Set(
      value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = regions.filter((r) => !known.has(r));
  if (regions.length === 0 || unknown.length > 0)
    throw new InputError(
      '--regions',
      regions.length === 0
        ? 'no region given'
        : `unknown region code ${unknown.map((r) => `"${r}"`).join(', ')}`,
    );
  return regions.sort();
}
