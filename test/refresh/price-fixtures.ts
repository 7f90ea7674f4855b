/**
 * Price List `GetProducts` items as AWS returns them: each a JSON string with `product.attributes`
 * and `terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD`. Rates marked "scenario" are test
 * values, not today's AWS prices.
 */
import { createHash } from 'crypto';

const LOCATION: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};

const sku = (seed: string) =>
  createHash('sha256')
    .update(seed)
    .digest('base64')
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 16);

interface Dimension {
  readonly usd: string;
  readonly unit: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly description: string;
}

function item(
  serviceCode: string,
  productFamily: string,
  attributes: Record<string, string>,
  dims: readonly Dimension[],
): string {
  const code = sku(JSON.stringify(attributes));
  const term = 'JRTCKXETXF';
  const priceDimensions = Object.fromEntries(
    dims.map((d, i) => {
      const rate = `${code}.${term}.${['6YS6EN2CT7', 'PGHJ3S3EYE', 'QE5QFD6TQG'][i]}`;
      return [
        rate,
        {
          unit: d.unit,
          endRange: d.endRange ?? 'Inf',
          description: d.description,
          appliesTo: [],
          rateCode: rate,
          beginRange: d.beginRange ?? '0',
          pricePerUnit: { USD: d.usd },
        },
      ];
    }),
  );
  return JSON.stringify({
    product: { productFamily, attributes: { servicecode: serviceCode, ...attributes }, sku: code },
    serviceCode,
    terms: {
      OnDemand: {
        [`${code}.${term}`]: {
          priceDimensions,
          sku: code,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: term,
          termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

export function transfer(from: string, to: string, usagetype: string, usd: string): string {
  return item(
    'AWSDataTransfer',
    'Data Transfer',
    {
      transferType: 'InterRegion Outbound',
      fromLocation: LOCATION[from],
      fromLocationType: 'AWS Region',
      fromRegionCode: from,
      toLocation: LOCATION[to],
      toLocationType: 'AWS Region',
      toRegionCode: to,
      usagetype,
      operation: '',
      servicename: 'AWS Data Transfer',
    },
    [
      {
        usd,
        unit: 'GB',
        description: `$${Number(usd)} per GB - ${LOCATION[from]} data transfer to ${LOCATION[to]}`,
      },
    ],
  );
}

export function nat(region: string, usagetype: string, usd: string): string {
  const hours = usagetype.endsWith('Hours');
  return item(
    'AmazonEC2',
    'NAT Gateway',
    {
      location: LOCATION[region],
      locationType: 'AWS Region',
      regionCode: region,
      usagetype,
      operation: 'NatGateway',
      group: hours ? 'NGW:NatGateway' : 'NGW:NatGateway-Bytes',
      servicename: 'Amazon Elastic Compute Cloud',
    },
    [
      {
        usd,
        unit: hours ? 'Hrs' : 'GB',
        description: hours
          ? `$${Number(usd)} per NAT Gateway Hour`
          : `$${Number(usd)} per GB Data Processed by NAT Gateways`,
      },
    ],
  );
}

export function endpoint(region: string, usagetype: string, dims: readonly Dimension[]): string {
  return item(
    'AmazonVPC',
    'VpcEndpoint',
    {
      location: LOCATION[region],
      locationType: 'AWS Region',
      regionCode: region,
      usagetype,
      operation: 'VpcEndpoint',
      endpointType: 'PrivateLink',
      servicename: 'Amazon Virtual Private Cloud',
    },
    dims,
  );
}

export function bedrockRow(region: string, usagetype: string, unit: string, usd: string): string {
  return item(
    'AmazonBedrock',
    'Amazon Bedrock',
    {
      location: LOCATION[region],
      locationType: 'AWS Region',
      regionCode: region,
      usagetype,
      operation: 'Usage',
      servicename: 'Amazon Bedrock',
    },
    [{ usd, unit, description: `$${Number(usd)} per ${unit} for ${usagetype}` }],
  );
}

/** The pages each query answers, joined by `NextToken`s. */
export const PRICE_LIST_PAGES: Record<string, string[][]> = {
  AWSDataTransfer: [
    [
      transfer('eu-central-1', 'us-east-1', 'EUC1-USE1-AWS-Out-Bytes', '0.0200000000'),
      transfer('eu-central-1', 'eu-west-1', 'EUC1-EU-AWS-Out-Bytes', '0.0200000000'),
    ],
    [
      transfer('us-east-1', 'us-east-2', 'USE1-USE2-AWS-Out-Bytes', '0.0100000000'),
      transfer('us-east-1', 'us-west-2', 'USE1-USW2-AWS-Out-Bytes', '0.0200000000'),
      transfer('us-east-1', 'eu-central-1', 'USE1-EUC1-AWS-Out-Bytes', '0.0200000000'),
    ],
  ],
  AmazonEC2: [
    [
      // us-east-1 rows carry no usage-type prefix: the region comes from regionCode.
      nat('us-east-1', 'NatGateway-Hours', '0.0450000000'),
      nat('us-east-1', 'NatGateway-Bytes', '0.0450000000'),
      nat('eu-central-1', 'EUC1-NatGateway-Hours', '0.0520000000'), // scenario
      nat('eu-central-1', 'EUC1-NatGateway-Bytes', '0.0520000000'), // scenario
      // Regional NAT gateways and provisioned rows are other products: never the NAT price.
      nat('eu-central-1', 'EUC1-RegionalNatGateway-Hours', '0.0990000000'),
      nat('eu-central-1', 'EUC1-NatGateway-Prvd-Hours', '0.0990000000'),
    ],
  ],
  AmazonVPC: [
    [
      endpoint('eu-central-1', 'EUC1-VpcEndpoint-Hours', [
        { usd: '0.0120000000', unit: 'Hrs', description: '$0.012 per VPC Endpoint Hour' }, // scenario
      ]),
      endpoint('eu-central-1', 'EUC1-VpcEndpoint-Bytes', [
        {
          usd: '0.0100000000',
          unit: 'GB',
          endRange: '1048576',
          description: '$0.01 per GB - first 1 PB',
        },
        {
          usd: '0.0060000000',
          unit: 'GB',
          beginRange: '1048576',
          endRange: '5242880',
          description: '$0.006 per GB - next 4 PB',
        },
        {
          usd: '0.0040000000',
          unit: 'GB',
          beginRange: '5242880',
          description: '$0.004 per GB - over 5 PB',
        },
      ]),
    ],
  ],
  AmazonBedrock: [
    [
      // scenario: a Price List rate that disagrees with the documented (derived) one.
      bedrockRow(
        'us-west-2',
        'USW2-Llama3-3-70B-Customization-Training',
        '1K tokens',
        '0.0016000000',
      ),
      bedrockRow('us-east-1', 'USE1-NovaMicro-Customization-Storage', 'Month', '1.9500000000'),
      bedrockRow('us-east-1', 'USE1-NovaMicro-Customization-Training', '1K tokens', '0.0010000000'), // scenario
    ],
  ],
};
