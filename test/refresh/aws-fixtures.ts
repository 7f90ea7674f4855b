/**
 * Responses in the shapes Amazon Bedrock and the AWS Price List return them (field names, ARNs,
 * pagination tokens, JSON-string price items), for tests that must never reach AWS. Values that
 * describe a scenario rather than today's AWS (a model turned Legacy) say so beside them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { AccessDeniedException, ListFoundationModelsCommandOutput } from '@aws-sdk/client-bedrock';
import { runRefresh } from '../../lib/cli/refresh';

export const ACCOUNT = '123456789012';
const meta = {
  httpStatusCode: 200,
  requestId: '3f6c1b0e-5d7a-4a8e-9b51-0c2d7e9f1a64',
  attempts: 1,
};

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;

export function novaMicro(region: string, lifecycle: 'ACTIVE' | 'LEGACY') {
  return {
    modelArn: fm(region, 'amazon.nova-micro-v1:0'),
    modelId: 'amazon.nova-micro-v1:0',
    modelName: 'Nova Micro',
    providerName: 'Amazon',
    inputModalities: ['TEXT' as const],
    outputModalities: ['TEXT' as const],
    responseStreamingSupported: true,
    customizationsSupported: ['FINE_TUNING' as const, 'DISTILLATION' as const],
    inferenceTypesSupported: ['ON_DEMAND' as const, 'INFERENCE_PROFILE' as const],
    modelLifecycle:
      lifecycle === 'ACTIVE'
        ? { status: 'ACTIVE' as const, startOfLifeTime: new Date('2024-12-03T00:00:00Z') }
        : {
            // Scenario: AWS has put Nova Micro into Legacy in this region.
            status: 'LEGACY' as const,
            startOfLifeTime: new Date('2024-12-03T00:00:00Z'),
            legacyTime: new Date('2026-11-25T00:00:00Z'),
            endOfLifeTime: new Date('2027-05-25T00:00:00Z'),
          },
  };
}

/** Claude Sonnet 4.5 answers only through an inference profile. */
export function claudeSonnet45(region: string) {
  return {
    modelArn: fm(region, 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
    modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    modelName: 'Claude Sonnet 4.5',
    providerName: 'Anthropic',
    inputModalities: ['TEXT' as const, 'IMAGE' as const],
    outputModalities: ['TEXT' as const],
    responseStreamingSupported: true,
    customizationsSupported: [],
    inferenceTypesSupported: ['INFERENCE_PROFILE' as const],
    modelLifecycle: { status: 'ACTIVE' as const },
  };
}

export function foundationModels(
  region: string,
  novaLifecycle: 'ACTIVE' | 'LEGACY' = 'ACTIVE',
): ListFoundationModelsCommandOutput {
  // AWS answers INFERENCE_PROFILE, a value the SDK's InferenceType enum does not list yet.
  return {
    $metadata: meta,
    modelSummaries: [novaMicro(region, novaLifecycle), claudeSonnet45(region)],
  } as unknown as ListFoundationModelsCommandOutput;
}

const US = ['us-east-1', 'us-east-2', 'us-west-2'];

export function profile(source: string, id: string, model: string, destinations: string[]) {
  return {
    inferenceProfileName: `US ${model}`,
    description: `Routes requests to ${model} in ${destinations.join(', ')}.`,
    createdAt: new Date('2025-09-29T00:00:00Z'),
    updatedAt: new Date('2025-09-29T00:00:00Z'),
    inferenceProfileArn: `arn:aws:bedrock:${source}:${ACCOUNT}:inference-profile/${id}`,
    models: destinations.map((d) => ({ modelArn: fm(d, model) })),
    inferenceProfileId: id,
    status: 'ACTIVE' as const,
    type: 'SYSTEM_DEFINED' as const,
  };
}

/** Two pages, joined by a `nextToken`, as a region with many profiles answers. */
export function profilePages(region: string) {
  return [
    {
      $metadata: meta,
      inferenceProfileSummaries: [
        profile(region, 'us.amazon.nova-micro-v1:0', 'amazon.nova-micro-v1:0', US),
      ],
      nextToken: 'eyJsYXN0RXZhbHVhdGVkS2V5IjoidXMuYW1hem9uLm5vdmEtbWljcm8tdjE6MCJ9',
    },
    {
      $metadata: meta,
      inferenceProfileSummaries: [
        profile(
          region,
          'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
          'anthropic.claude-sonnet-4-5-20250929-v1:0',
          US,
        ),
      ],
    },
  ];
}

export function accessDenied(action: string): AccessDeniedException {
  return new AccessDeniedException({
    message: `User: arn:aws:iam::${ACCOUNT}:user/ci-refresh is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    $metadata: { httpStatusCode: 403, requestId: 'a1b2c3d4-0000-4000-8000-000000000001' },
  });
}

/** An opt-in region that is not enabled answers this (not a modeled Bedrock error). */
export function unrecognizedClient(): Error {
  return Object.assign(new Error('The security token included in the request is invalid.'), {
    name: 'UnrecognizedClientException',
    $metadata: { httpStatusCode: 403 },
  });
}

/** A stand-in for the SDK's HTTP handler: answers from a script, never opens a socket. */
export function scriptedHandler(
  answer: (request: { path: string; headers: Record<string, string> }) => {
    status: number;
    headers?: Record<string, string>;
    body: unknown;
  },
) {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      handle: async (request: { path: string; headers: Record<string, string> }) => {
        calls.push(request.path === '/' ? request.headers['x-amz-target'] : request.path);
        const { status, headers, body } = answer(request);
        return {
          response: {
            statusCode: status,
            headers: { 'content-type': 'application/json', ...headers },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          },
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Captures stderr as a terminal (`isTTY`) or a CI log would receive it. */
export function capture(isTTY = false) {
  const stream = { isTTY, text: '', write: (t: string) => (stream.text += t) };
  return stream;
}

/** Runs a refresh command in a fresh directory, capturing what it writes where. */
export async function runInTempDir(argv: string[], now: Date, isTTY = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cbl-${argv[0]}-`));
  const stderr = capture(isTTY);
  let stdout = '';
  const code = await runRefresh(argv, {
    cwd: dir,
    stdout: (t) => (stdout += t),
    stderr,
    now,
  });
  return { code, stdout, stderr: stderr.text, dir };
}
