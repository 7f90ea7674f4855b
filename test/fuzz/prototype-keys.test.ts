/**
 * Resource types, kinds and actions from a template are looked up in constant tables: a type named
 * like one of Object's members (`constructor`, `toString`, `__proto__`) must find nothing, not the
 * member. Found by `npm run fuzz` (seed 905863518): a bucket whose type became `constructor` made
 * every grant on it crash discovery. Each resource of each fuzz app gets each such type in turn.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeAssembly } from '../../lib/engine/analyze';
import { InputError } from '../../lib/assembly/types';
import { fuzzApps } from './apps';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

/** Templates under the directory, nested assemblies too (readdir's `recursive` needs Node 20.1). */
function templatesOf(dir: string, under = ''): string[] {
  return fs.readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(under, entry.name);
    if (entry.isDirectory()) return templatesOf(dir, file);
    return entry.name.endsWith('.template.json') ? [file] : [];
  });
}

describe('types named like Object members find nothing in lookup tables', () => {
  test.each(fuzzApps().map((a) => [a.name, a.directory]))('%s', (_name, directory) => {
    const before = analyzeAssembly(directory);
    // Discovery finds the app's AI and data resources before any edit.
    expect(before.inventory?.length).toBeGreaterThan(0);
    let cases = 0;
    let changed = 0;
    for (const file of templatesOf(directory)) {
      const template = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf-8'));
      for (const logicalId of Object.keys(template.Resources ?? {}))
        for (const name of NAMES) {
          const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-proto-'));
          fs.cpSync(directory, copy, { recursive: true });
          const edited = structuredClone(template);
          edited.Resources[logicalId].Type = name;
          fs.writeFileSync(path.join(copy, file), JSON.stringify(edited));
          cases++;
          let report;
          try {
            report = analyzeAssembly(copy);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
          if (report && JSON.stringify(report.inventory) !== JSON.stringify(before.inventory))
            changed++;
          fs.rmSync(copy, { recursive: true, force: true });
        }
    }
    expect(cases).toBeGreaterThan(0);
    // The edits reach discovery: some resources drop out of the inventory.
    expect(changed).toBeGreaterThan(0);
  });
});
