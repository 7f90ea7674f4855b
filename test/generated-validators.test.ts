import * as fs from 'fs';
import * as path from 'path';
import { catalogProblem } from '../lib/catalog/validate';
import { validateOptions } from '../lib/options-schema';
import { parseUsage } from '../lib/pricing/usage';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generatedModules } = require('../scripts/gen-validators.js') as {
  generatedModules: () => Record<string, string>;
};

describe('precompiled schema validators', () => {
  it('are generated from the current schemas (npm run build regenerates them)', () => {
    const modules = generatedModules();
    expect(Object.keys(modules).map((f) => path.basename(f))).toEqual([
      'options-validator.ts',
      'usage-validator.ts',
      'catalog-validator.ts',
      'prices-validator.ts',
    ]);
    for (const [file, text] of Object.entries(modules))
      expect(fs.readFileSync(file, 'utf-8')).toBe(text);
  });

  it('reject what the schemas reject, naming the key', () => {
    expect(() => validateOptions({ failOn: 'sometimes' }, 'test')).toThrow(
      /option failOn: must be one of/,
    );
    expect(() => validateOptions({ nope: 1 }, 'test')).toThrow(/unknown option "nope"/);
    expect(() => parseUsage({ 'App/Fn': { monthlyGb: -1 } }, 'o', 'usage.yml')).toThrow(
      /usage "App\/Fn > monthlyGb": must be >= 0/,
    );
    expect(catalogProblem({})).toMatch(/must have required property/);
  });

  it('accept valid documents', () => {
    expect(validateOptions({ failOn: 'never' }, 'test')).toEqual({ failOn: 'never' });
    expect(parseUsage({ 'App/Fn': { monthlyGb: 5 } }, 'o', 'usage.yml').profile).not.toBeNull();
  });

  it('leave the Ajv compiler out of a run', () => {
    // The generated modules need only Ajv's small runtime helpers, never Ajv itself.
    for (const text of Object.values(generatedModules()))
      for (const [, id] of text.matchAll(/require\("([^"]+)"\)/g))
        expect(id).toMatch(/^ajv\/dist\/runtime\//);
  });
});
