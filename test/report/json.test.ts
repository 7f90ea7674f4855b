import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { formatJson, jsonChunks } from '../../lib/report/json';
import { env, lint, newApp, tuningJob } from '../helpers';

describe('JSON report', () => {
  it('is written in pieces with exactly the layout of JSON.stringify(report, null, 2)', () => {
    const app = newApp();
    const data = new Stack(app, 'Data', { env: env('us-east-1') });
    const jobs = new Stack(app, 'Jobs', { env: env('us-west-2'), crossRegionReferences: true });
    tuningJob(jobs, 'Tune', 'amazon.titan-embed-image-v1:0', new s3.Bucket(data, 'Training'));
    const report = lint(app);
    expect(report.findings.length).toBeGreaterThan(0);
    const expected = `${JSON.stringify(report, null, 2)}\n`;
    expect([...jsonChunks(report)].join('')).toBe(expected);
    // A large report: pieces of a few findings each, never the whole list as one string.
    const large = {
      ...report,
      findings: Array.from({ length: 40 }, (_, i) => ({
        ...report.findings[i % report.findings.length],
        fingerprint: `f${i}`,
      })),
    };
    const chunks = [...jsonChunks(large)];
    const findingPieces = chunks.filter((c) => c.includes('"fingerprint"'));
    expect(findingPieces.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...findingPieces.map((c) => c.split('"fingerprint"').length - 1))).toBe(16);
    expect(chunks.join('')).toBe(`${JSON.stringify(large, null, 2)}\n`);
    expect(formatJson(report)).toBe(expected);
    expect(formatJson({ ...report, findings: [], warnings: [] })).toBe(
      `${JSON.stringify({ ...report, findings: [], warnings: [] }, null, 2)}\n`,
    );
  });
});
