/**
 * Linting never reaches the network or loads the AWS SDK: only `catalog refresh` and `prices
 * refresh` do. Checked in a child process running the built CLI (module loads and network calls
 * recorded by a preloaded hook) and in-process (network entry points replaced by throwing spies).
 */
import { spawnSync } from 'child_process';
// Default imports: the modules' own objects, so their functions can be replaced.
import dns from 'dns';
import * as fs from 'fs';
import http from 'http';
import https from 'https';
import net from 'net';
import * as os from 'os';
import * as path from 'path';
import tls from 'tls';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../../bin/cli';
import { analyzeAssembly } from '../../lib/engine/analyze';
import { natApp } from '../flow-helpers';
import { env, LLAMA, tuningJob } from '../helpers';

const mockSdkLoads: string[] = [];
jest.mock('@aws-sdk/client-bedrock', () => {
  mockSdkLoads.push('@aws-sdk/client-bedrock');
  return jest.requireActual('@aws-sdk/client-bedrock');
});
jest.mock('@aws-sdk/client-pricing', () => {
  mockSdkLoads.push('@aws-sdk/client-pricing');
  return jest.requireActual('@aws-sdk/client-pricing');
});

const CLI = path.join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');

/** Preloaded into the child: records every @aws-sdk / @smithy load and refuses every network call. */
const HOOK = `
const Module = require('module');
const attempts = [];
const loaded = new Set();
const deny = (what) => function () {
  attempts.push(what);
  throw new Error('network use: ' + what);
};
const net = require('net'), tls = require('tls'), dns = require('dns');
const http = require('http'), https = require('https');
net.Socket.prototype.connect = deny('net.Socket.connect');
tls.connect = deny('tls.connect');
dns.lookup = deny('dns.lookup');
dns.promises.lookup = deny('dns.promises.lookup');
http.request = deny('http.request');
http.get = deny('http.get');
https.request = deny('https.request');
https.get = deny('https.get');
globalThis.fetch = deny('fetch');
const load = Module._load;
Module._load = function (request) {
  if (/^@aws-sdk\\/|^@smithy\\//.test(request)) loaded.add(request);
  return load.apply(this, arguments);
};
process.on('exit', () => {
  const cached = Object.keys(require.cache).filter((k) => /[\\\\/]@aws-sdk[\\\\/]/.test(k));
  require('fs').writeFileSync(process.env.CBL_OFFLINE_REPORT, JSON.stringify({
    attempts, loaded: [...loaded], cached: cached.length,
  }));
});
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-offline-'));
const hook = path.join(dir, 'hook.js');
fs.writeFileSync(hook, HOOK);

/** A real app with findings and estimates: a cross-region flow behind NAT, a tuning job. */
function assembly(): string {
  const { app } = natApp('eu-west-1');
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Llama', LLAMA, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

function cliInChild(args: string[]) {
  const report = path.join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const child = spawnSync(process.execPath, ['-r', hook, CLI, ...args], {
    encoding: 'utf-8',
    env: {
      ...process.env,
      CBL_OFFLINE_REPORT: report,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    timeout: 90_000,
  });
  const seen = JSON.parse(fs.readFileSync(report, 'utf-8')) as {
    attempts: string[];
    loaded: string[];
    cached: number;
  };
  return { ...seen, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the lint path stays offline', () => {
  const cdkOut = assembly();

  test('the CLI lints a real assembly in a child without loading the SDK or touching the network', () => {
    const lint = cliInChild([
      '--fail-on',
      'warning',
      cdkOut,
      '--format',
      'json',
      '--format',
      'sarif',
      '--output',
      path.join(dir, 'r.sarif'),
    ]);
    const report = JSON.parse(lint.stdout) as {
      findings: { ruleId?: string; estimate?: unknown }[];
    };
    expect(report.findings.length).toBeGreaterThanOrEqual(2);
    expect(report.findings.some((f) => f.estimate)).toBe(true);
    expect(lint.status).toBe(1);
    expect({ attempts: lint.attempts, loaded: lint.loaded, cached: lint.cached }).toEqual({
      attempts: [],
      loaded: [],
      cached: 0,
    });
  });

  test('the hook does see a refresh: it loads the SDK and tries the network', () => {
    const refresh = cliInChild(['catalog', 'refresh', '--regions', 'us-east-1', '--check']);
    expect(refresh.loaded).toContain('@aws-sdk/client-bedrock');
    expect(refresh.attempts.length).toBeGreaterThan(0);
    expect(refresh.status).toBe(2);
    expect(refresh.stderr).toContain(
      'cdk-bedrock-lint: catalog refresh: no region answered (us-east-1: ',
    );
  });

  test('in-process: analyzeAssembly and the CLI run() never open a socket nor load the SDK', () => {
    const spies = [
      jest.spyOn(net.Socket.prototype, 'connect'),
      jest.spyOn(tls, 'connect'),
      jest.spyOn(dns, 'lookup'),
      jest.spyOn(dns.promises, 'lookup'),
      jest.spyOn(http, 'request'),
      jest.spyOn(https, 'request'),
      jest.spyOn(globalThis, 'fetch'),
    ];
    for (const spy of spies)
      spy.mockImplementation(() => {
        throw new Error('network use during lint');
      });
    try {
      const report = analyzeAssembly(cdkOut, { usage: { 'Rag/Retriever': { monthlyGb: 10 } } });
      expect(report.findings.length).toBeGreaterThanOrEqual(2);
      const cli = run([cdkOut, '--format', 'markdown']);
      expect(cli.stdout).toContain('CrossRegionDataAccess');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(mockSdkLoads).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
