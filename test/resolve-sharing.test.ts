import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readCloudAssembly } from '../lib/assembly/read-cloud-assembly';
import { indexTemplate } from '../lib/assembly/template';
import { AppModel, StackModel } from '../lib/assembly/types';
import { analyzeApp } from '../lib/engine/analyze';
import { Resolver } from '../lib/resolve/resolver';
import { Expr, get } from '../lib/resolve/value';
import { fn } from './flow-helpers';
import { env, newApp, NOW } from './helpers';

function stack(template: object): StackModel {
  return {
    id: 'S',
    stackName: 'S',
    region: 'eu-west-1',
    account: '123456789012',
    templateFile: 'S.template.json',
    ...indexTemplate(template as never, 'S.template.json', new Map()),
  };
}

const resolverFor = (s: StackModel) => new Resolver({ stacks: [s], acknowledgments: [] });

describe('resolved values share what needs no resolving', () => {
  test('a subtree without intrinsics is the template object itself; one with them is a copy', () => {
    const s = stack({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Code: { ZipFile: 'exports.handler = 1' },
            Environment: { Variables: { BUCKET: { Ref: 'Bucket' }, MODE: 'x' } },
          },
        },
      },
    });
    const raw = s.resources.get('Fn')!.properties;
    const props = resolverFor(s).properties(s, 'Fn');
    expect(get(props, 'Code')).toBe(raw.Code);
    expect(props).not.toBe(raw);
    expect(get(props, 'Environment', 'Variables', 'MODE')).toBe('x');
    expect((get(props, 'Environment', 'Variables', 'BUCKET') as Expr).refs()[0]).toMatchObject({
      logicalId: 'Bucket',
      attribute: 'Ref',
    });
    // The template itself is never written to.
    expect(raw.Environment).toEqual({ Variables: { BUCKET: { Ref: 'Bucket' }, MODE: 'x' } });
  });

  test('a copied object keeps a __proto__ key as data and pollutes nothing', () => {
    const s = stack({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });
    const value = resolverFor(s).resolve(
      s,
      JSON.parse('{"a": 1, "__proto__": {"Ref": "AWS::Region"}, "b": {"Ref": "AWS::NoValue"}}'),
    );
    expect(Object.keys(value as object)).toEqual(['a', '__proto__']);
    expect(get(value, '__proto__')).toBe('eu-west-1');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('Fn::Join and Fn::Sub of literals are plain strings; with a reference they keep it', () => {
    const s = stack({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });
    const r = resolverFor(s);
    const partition = { Ref: 'AWS::Partition' };
    expect(r.resolve(s, { 'Fn::Join': [':', ['arn', partition, 's3', '', 7, null]] })).toBe(
      'arn:aws:s3::7:',
    );
    expect(r.resolve(s, { 'Fn::Sub': 'no variables' })).toBe('no variables');
    expect(r.resolve(s, { 'Fn::Sub': '' })).toBe('');
    const joined = r.resolve(s, { 'Fn::Join': ['/', ['s3:', { Ref: 'Bucket' }, 'key']] });
    expect((joined as Expr).toString()).toBe('s3:/${Bucket}/key');
  });
});

describe('the run environment', () => {
  const app = newApp();
  const stack = new Stack(app, 'Ml', { env: env('us-west-2') });
  new s3.Bucket(stack, 'Data').grantRead(fn(stack, 'Reader'));
  const model: AppModel = readCloudAssembly(app.synth().directory);

  test('inventory: false leaves the inventory out and changes nothing else', () => {
    const full = analyzeApp(model, {}, { now: NOW });
    const lean = analyzeApp(model, {}, { now: NOW, inventory: false });
    expect(full.inventory!.map((r) => [r.kind, r.constructPath])).toEqual([
      ['bucket', 'Ml/Data/Resource'],
      ['compute', 'Ml/Reader/Resource'],
    ]);
    expect('inventory' in lean).toBe(false);
    const { inventory: _, ...rest } = full;
    expect(lean).toEqual(rest);
  });
});
