import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import type { Document, Pair } from 'yaml';
import { readCloudAssembly } from '../assembly/read-cloud-assembly';
import { InputError } from '../assembly/types';
import { displayPath } from '../config';
import { parseUsage } from '../pricing/usage';
import { CliIo, CommandModule } from './io';
import { SkeletonEntry, skeletonEntries, starterValue } from './usage-skeleton';
import { INPUT_LIMITS, readInputFile } from '../assembly/read-input';

export const CONFIG_FILE = 'cdk-bedrock-lint.json';
export const USAGE_FILE = 'usage.yml';
const SCHEMA_REF = './node_modules/cdk-bedrock-lint/schema/options.schema.json';

interface InitFlags {
  force?: boolean;
  usage?: string | true;
  output?: string;
}

/** `cdk-bedrock-lint init`: a config file with `$schema`; with `--usage`, a usage file from an assembly. */
export const initCommand: CommandModule = (program: Command, io) => {
  program
    .command('init')
    .description(
      `write a config file (${CONFIG_FILE}), or with --usage a usage file (${USAGE_FILE}) for an assembly`,
    )
    .option(
      '--usage [assembly]',
      'write or update a usage file with one entry per data flow, customization job and NAT gateway of the assembly (default: cdk.out)',
    )
    .option(
      '--output <file>',
      `file to write (default: ${CONFIG_FILE}, with --usage ${USAGE_FILE})`,
    )
    .option(
      '--force',
      'overwrite an existing config file (a usage file is always updated in place, keeping your values)',
    )
    .action((flags: InitFlags) => {
      if (flags.usage) initUsage(flags.usage === true ? 'cdk.out' : flags.usage, flags, io);
      else initConfig(flags, io);
    });
};

function initConfig(flags: InitFlags, io: CliIo): void {
  const file = path.resolve(io.cwd, flags.output ?? CONFIG_FILE);
  const shown = displayPath(file, io.cwd);
  if (fs.existsSync(file) && !flags.force)
    throw new InputError(shown, 'already exists; pass --force to overwrite it');
  const config = {
    $schema: SCHEMA_REF,
    failOn: 'error',
    strict: false,
    verbose: false,
    rules: {},
    externalResources: {},
  };
  write(file, shown, `${JSON.stringify(config, null, 2)}\n`);
  io.result.stdout +=
    `Wrote ${shown}. Lint with \`cdk-bedrock-lint --config ${shown}\`; options under the ` +
    '"cdk-bedrock-lint" key of cdk.json context reach the plugin in `cdk synth` too.\n';
}

/**
 * Writes a usage file for the assembly, or updates one: entries for constructs it lacks are added
 * with the starter profile's values; entries already there, edited or not, stay as they are.
 */
function initUsage(assembly: string, flags: InitFlags, io: CliIo): void {
  const file = path.resolve(io.cwd, flags.output ?? USAGE_FILE);
  const shown = displayPath(file, io.cwd);
  if (!/\.ya?ml$/i.test(file))
    throw new InputError(
      shown,
      'a usage file written by init is YAML (it keeps comments): name it .yml or .yaml',
    );
  const entries = skeletonEntries(readCloudAssembly(path.resolve(io.cwd, assembly)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const existing = fs.existsSync(file)
    ? readInputFile(file, 'usage file', INPUT_LIMITS.config)
    : undefined;
  const doc = existing === undefined ? newUsageDocument(YAML) : YAML.parseDocument(existing);
  if (doc.errors.length > 0)
    throw new InputError(shown, `not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  if (!YAML.isMap(doc.contents))
    throw new InputError(shown, 'not a usage file (expected a mapping of construct paths)');
  const added = entries.filter((e) => !doc.has(e.key));
  for (const entry of added) doc.add(entryPair(YAML, doc, entry));
  const text = doc.toString({ lineWidth: 0 });
  parseUsage(YAML.parse(text), `usage file ${shown}`, shown);
  write(file, shown, text);
  const kept = entries.length - added.length;
  io.result.stdout +=
    `${existing === undefined ? 'Wrote' : 'Updated'} ${shown}: ${added.length} entr${added.length === 1 ? 'y' : 'ies'} added` +
    `${kept ? `, ${kept} kept as they were` : ''}. Edit the values, then lint with \`--usage ${shown}\`.\n`;
}

function newUsageDocument(YAML: typeof import('yaml')): Document {
  const doc = new YAML.Document({ profile: 'starter' });
  doc.commentBefore =
    ' cdk-bedrock-lint usage file: monthly volumes by construct path (schema/usage.schema.json).\n' +
    ' Values below are the starter profile; replace them with your own. `cdk-bedrock-lint init\n' +
    ' --usage` adds entries for new constructs and keeps the values you edited.';
  const profile = doc.getIn(['profile'], true);
  if (YAML.isScalar(profile))
    profile.comment = ' defaults for what is not given; "none" leaves unknown volumes unknown';
  return doc;
}

/** `Key: { quantity: value }`, the key preceded by what the construct is, each value by what it means. */
function entryPair(YAML: typeof import('yaml'), doc: Document, entry: SkeletonEntry): Pair {
  const quantities = new YAML.YAMLMap();
  for (const q of entry.quantities) {
    const { value, comment } = starterValue(q, entry.stated[q]);
    const node = doc.createNode(value);
    node.comment = comment;
    quantities.add(doc.createPair(q, node));
  }
  const key = doc.createNode(entry.key);
  key.spaceBefore = true;
  key.commentBefore = entry.about.map((a) => ` ${a}`).join('\n');
  return doc.createPair(key, quantities);
}

function write(file: string, shown: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputError(shown, `cannot write (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}
