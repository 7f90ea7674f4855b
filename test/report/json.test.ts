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
    const chunks = [...jsonChunks(report)];
    // One piece per finding at least: nothing holds the whole report as one string.
    expect(chunks.length).toBeGreaterThan(report.findings.length);
    expect(chunks.join('')).toBe(expected);
    expect(formatJson(report)).toBe(expected);
    expect(formatJson({ ...report, findings: [], warnings: [] })).toBe(
      `${JSON.stringify({ ...report, findings: [], warnings: [] }, null, 2)}\n`,
    );
  });
});
