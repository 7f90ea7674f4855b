/**
 * Hostile inputs (issue 12): every one is exit 2 with exactly one stderr line naming the file and
 * the problem; special files are refused by type before reading (a FIFO never hangs), large files
 * by size, and manifest paths that leave the assembly directory unread.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { INPUT_LIMITS, readInputFile } from '../lib/assembly/read-input';
import { readCloudAssembly } from '../lib/assembly/read-cloud-assembly';
import { RECORDED_OPTIONS_FILE } from '../lib/recorded-options';
import { env, NOVA_MICRO, newApp, tuningJob } from './helpers';

const app = newApp();
tuningJob(
  new Stack(app, 'Tuning', { env: env('us-west-2') }),
  'Job',
  NOVA_MICRO,
  new s3.Bucket(new Stack(app, 'Data', { env: env('us-west-2') }), 'Lake'),
);
const assembly = app.synth().directory;
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-limits-'));

function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-hostile-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

function fifo(name: string): string {
  const file = path.join(cwd, name);
  const made = spawnSync('mkfifo', [file]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
  return file;
}

/** A file of `bytes` bytes that costs no disk: sparse, so only its size is large. */
function sparse(file: string, bytes: number, head = ''): string {
  fs.writeFileSync(file, head);
  fs.truncateSync(file, bytes);
  return file;
}

function oneLine(args: string[], pattern: RegExp): string {
  const result = run(args, cwd);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(pattern), '']);
  return result.stderr;
}

describe('special files are refused by type, before reading', () => {
  test('a FIFO as usage file, config, baseline or template: refused at once, no hang', () => {
    const pipe = fifo('pipe.yml');
    oneLine([assembly, '--usage', pipe], /pipe\.yml: usage file is a FIFO, not a regular file$/);
    oneLine([assembly, '--config', pipe], /pipe\.yml: config file is a FIFO, not a regular file$/);
    oneLine(
      [assembly, '--baseline', pipe],
      /pipe\.yml: baseline report is a FIFO, not a regular file$/,
    );
    const dir = copyOf(assembly);
    const template = path.join(dir, 'Tuning.template.json');
    fs.rmSync(template);
    spawnSync('mkfifo', [template]);
    oneLine([dir], /Tuning\.template\.json: template is a FIFO, not a regular file$/);
  }, 10_000);

  test('catalogFile and pricesFile that are FIFOs or devices', () => {
    const pipe = fifo('catalog.json');
    fs.writeFileSync(path.join(cwd, 'cat.json'), JSON.stringify({ catalogFile: pipe }));
    oneLine(
      [assembly, '--config', 'cat.json'],
      /catalog\.json: catalog file is a FIFO, not a regular file$/,
    );
    fs.writeFileSync(path.join(cwd, 'prices.json'), JSON.stringify({ pricesFile: '/dev/zero' }));
    oneLine(
      [assembly, '--config', 'prices.json'],
      /\/dev\/zero: prices file is a character device, not a regular file$/,
    );
  }, 10_000);

  test('a directory given as --config', () => {
    fs.mkdirSync(path.join(cwd, 'conf.d'), { recursive: true });
    oneLine(
      [assembly, '--config', 'conf.d'],
      /conf\.d: config file is a directory, not a regular file$/,
    );
  });

  test('/dev/zero as a usage file', () => {
    oneLine(
      [assembly, '--usage', '/dev/zero'],
      /^cdk-bedrock-lint: \/dev\/zero: usage file is a character device, not a regular file$/,
    );
  });

  test('an options record (written by the plugin) that is a FIFO', () => {
    const dir = copyOf(assembly);
    spawnSync('mkfifo', [path.join(dir, RECORDED_OPTIONS_FILE)]);
    oneLine(
      [dir],
      /cdk-bedrock-lint\.options\.json: options record is a FIFO, not a regular file$/,
    );
  }, 10_000);

  test('a manifest.json that is a FIFO', () => {
    const dir = copyOf(assembly);
    fs.rmSync(path.join(dir, 'manifest.json'));
    spawnSync('mkfifo', [path.join(dir, 'manifest.json')]);
    oneLine([dir], /manifest\.json: cloud assembly manifest is a FIFO, not a regular file$/);
  });
});

describe('inputs above the stated limits are refused with their size', () => {
  const big = 60 * 1024 * 1024;

  test('a 60 MB template', () => {
    const dir = copyOf(assembly);
    sparse(path.join(dir, 'Tuning.template.json'), big, '{"Resources": {}}');
    oneLine(
      [dir],
      /Tuning\.template\.json: template is 62914560 bytes, above the limit of 33554432 bytes \(32 MiB\)$/,
    );
  });

  test('a 60 MB config file and a 60 MB usage file', () => {
    const config = sparse(path.join(cwd, 'big.json'), big, '{}');
    oneLine(
      [assembly, '--config', config],
      /big\.json: config file is 62914560 bytes, above the limit/,
    );
    oneLine(
      [assembly, '--usage', config],
      /big\.json: usage file is 62914560 bytes, above the limit/,
    );
  });

  test('a file that grows past the limit while read is cut off at the limit', () => {
    // procfs reports size 0 for files with content: the read itself stops at the limit.
    expect(() => readInputFile('/proc/self/status', 'status', 16)).toThrow(
      /status is more than 16 bytes, above the limit of 16 bytes/,
    );
    expect(readInputFile('/proc/self/status', 'status', INPUT_LIMITS.config)).toMatch(/^Name:/);
  });
});

describe('manifest paths that leave the assembly directory are refused unread', () => {
  function manifestWith(edit: (m: { artifacts: Record<string, any> }) => void): string {
    const dir = copyOf(assembly);
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
    edit(manifest);
    fs.writeFileSync(file, JSON.stringify(manifest));
    return dir;
  }

  test('templateFile ../../etc/passwd: refused, the file neither read nor quoted', () => {
    const dir = manifestWith((m) => {
      m.artifacts.Tuning.properties.templateFile = '../../etc/passwd';
    });
    const stderr = oneLine(
      [dir],
      /manifest\.json: artifact "Tuning" templateFile leaves the assembly directory; refused without reading it$/,
    );
    expect(stderr).not.toContain('root:');
    expect(() => readCloudAssembly(dir)).toThrow(/leaves the assembly directory/);
  });

  test('an absolute templateFile, a nested assembly outside, a metadata file outside', () => {
    oneLine(
      [manifestWith((m) => (m.artifacts.Tuning.properties.templateFile = '/etc/passwd'))],
      /artifact "Tuning" templateFile is an absolute path, outside the assembly directory/,
    );
    const nested = manifestWith((m) => {
      m.artifacts['assembly-Stage'] = {
        type: 'cdk:cloud-assembly',
        properties: { directoryName: '../..', displayName: 'Stage' },
      };
    });
    oneLine([nested], /artifact "assembly-Stage" directoryName leaves the assembly directory/);
    const metadata = manifestWith((m) => (m.artifacts.Tuning.additionalMetadataFile = '../x.json'));
    oneLine([metadata], /artifact "Tuning" additionalMetadataFile leaves the assembly directory/);
  });

  test('a template that is a symbolic link out of the assembly', () => {
    const dir = copyOf(assembly);
    const template = path.join(dir, 'Tuning.template.json');
    fs.rmSync(template);
    fs.symlinkSync('/etc/passwd', template);
    const stderr = oneLine([dir], /templateFile links outside the assembly directory/);
    expect(stderr).not.toContain('root:');
  });
});

describe('parse errors are one line with a position, never the file text', () => {
  test('a truncated JSON template', () => {
    const dir = copyOf(assembly);
    const file = path.join(dir, 'Tuning.template.json');
    const text = fs.readFileSync(file, 'utf-8');
    fs.writeFileSync(file, text.slice(0, text.indexOf(':', 100) + 1));
    const stderr = oneLine(
      [dir],
      /Tuning\.template\.json: template is not valid JSON \(unexpected end of input; is it truncated\?\)$/,
    );
    expect(stderr).not.toContain('Resources');
    fs.writeFileSync(file, text.slice(0, 120));
    const cut = oneLine(
      [dir],
      /template is not valid JSON \(Unterminated string at the end of input; is it truncated\?\)$/,
    );
    expect(cut).not.toContain('Resources');
  });

  test('JSON with a bad token: V8 quotes the text, the message does not', () => {
    const secret = 'a-secret-value-from-the-file';
    fs.writeFileSync(path.join(cwd, 'bad.json'), `{"failOn": ${secret}}`);
    const stderr = oneLine(
      [assembly, '--config', 'bad.json'],
      /bad\.json: config file is not valid JSON \(Unexpected token 'a'\)$/,
    );
    expect(stderr).not.toContain(secret);
    fs.writeFileSync(path.join(cwd, 'late.json'), '{\n  "failOn": "error"\n  "strict": true\n}');
    oneLine(
      [assembly, '--config', 'late.json'],
      /late\.json: config file is not valid JSON \(Expected ',' or '}' after property value at line 3 column 3\)$/,
    );
  });

  test('deeply nested YAML and JSON: one line, no stack overflow trace', () => {
    const depth = 100_000;
    fs.writeFileSync(path.join(cwd, 'deep.yml'), `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    oneLine(
      [assembly, '--usage', 'deep.yml'],
      /deep\.yml: usage file is not valid YAML \(nesting too deep\)$/,
    );
    fs.writeFileSync(
      path.join(cwd, 'deep.json'),
      `{"a": ${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    oneLine([assembly, '--usage', 'deep.json'], /deep\.json: usage "a": must be object$/);
  });

  test('YAML errors and warnings fold into one line, with no quoted source', () => {
    fs.writeFileSync(
      path.join(cwd, 'tabs.yml'),
      'Rag/Retriever:\n  monthlyGb: [1\n  x: secret-text\n',
    );
    const stderr = oneLine(
      [assembly, '--usage', 'tabs.yml'],
      /tabs\.yml: usage file is not valid YAML \(.+ at line \d+ column \d+/,
    );
    expect(stderr).not.toContain('secret-text');
    fs.writeFileSync(path.join(cwd, 'tag.yml'), 'Rag/Retriever: !custom\n  monthlyGb: 5\n');
    oneLine(
      [assembly, '--usage', 'tag.yml'],
      /tag\.yml: usage file is not valid YAML \(.*tag.*\)$/i,
    );
  });
});
