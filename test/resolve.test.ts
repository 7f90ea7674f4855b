import { AppModel, StackModel } from '../lib/assembly/types';
import { indexTemplate } from '../lib/assembly/template';
import { parseEmbeddedJson } from '../lib/resolve/embedded-json';
import { Locator } from '../lib/resolve/locate';
import { Resolver } from '../lib/resolve/resolver';
import { Expr, get } from '../lib/resolve/value';

function stack(id: string, region: string | null, template: object): StackModel {
  return {
    id,
    stackName: id,
    region,
    account: region ? '123456789012' : null,
    templateFile: `${id}.template.json`,
    ...indexTemplate(template as never, `${id}.template.json`, new Map()),
  };
}

function resolverFor(...stacks: StackModel[]): Resolver {
  const app: AppModel = { stacks, acknowledgments: [] };
  return new Resolver(app);
}

const bucketStack = (id: string, region: string | null, extra: object = {}) =>
  stack(id, region, { Resources: { Bucket: { Type: 'AWS::S3::Bucket' }, ...extra } });

describe('Resolver', () => {
  test('Fn::Join, Fn::Sub and pseudo parameters keep references as provenance', () => {
    const s = bucketStack('S', 'eu-west-1');
    const r = resolverFor(s);
    const joined = r.resolve(s, {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }]],
    }) as Expr;
    expect(joined.toString()).toBe('arn:aws:s3:::${Bucket}');
    expect(joined.refs()[0]).toMatchObject({ stackId: 'S', logicalId: 'Bucket', attribute: 'Ref' });
    const sub = r.resolve(s, {
      'Fn::Sub': ['${AWS::Region}/${Bucket.Arn}/${x}/${!Literal}', { x: 'X' }],
    }) as Expr;
    expect(sub.toString()).toBe('eu-west-1/${Bucket.Arn}/X/${Literal}');
  });

  test('Fn::Select over Fn::Split of literals and of references', () => {
    const s = bucketStack('S', 'us-east-1');
    const r = resolverFor(s);
    expect(r.resolve(s, { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
    const name = r.resolve(s, {
      'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Bucket', 'Arn'] }] }],
    }) as Expr;
    expect(name.refs()[0]).toMatchObject({
      logicalId: 'Bucket',
      derived: 'Fn::Select[5] of Fn::Split[":"]',
    });
  });

  test('Fn::If follows conditions that can be evaluated and reports those that cannot', () => {
    const s = stack('S', 'us-east-1', {
      Conditions: {
        IsUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        FromParam: { 'Fn::Equals': [{ Ref: 'P' }, 'x'] },
      },
      Parameters: { P: { Type: 'String' } },
      Resources: {},
    });
    const r = resolverFor(s);
    expect(r.resolve(s, { 'Fn::If': ['IsUsEast1', 'yes', 'no'] })).toBe('yes');
    const unknown = r.resolve(s, { 'Fn::If': ['FromParam', 'yes', 'no'] }) as Expr;
    expect(unknown.unknowns()[0].reason).toMatch(/condition FromParam cannot be evaluated/);
  });

  test('Fn::ImportValue and CDK cross-region references resolve into the producing stack', () => {
    const producer = stack('Lake', 'us-east-1', {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Writer: {
          Type: 'Custom::CrossRegionExportWriter',
          Properties: {
            WriterProps: {
              region: 'us-west-2',
              exports: { '/cdk/exports/Use/x': { Ref: 'Bucket' } },
            },
          },
        },
      },
      Outputs: { Out: { Value: { Ref: 'Bucket' }, Export: { Name: 'Lake:Bucket' } } },
    });
    const sameRegion = stack('Same', 'us-east-1', { Resources: {} });
    const consumer = stack('Use', 'us-west-2', {
      Resources: { Reader: { Type: 'Custom::CrossRegionExportReader' } },
    });
    const r = resolverFor(producer, sameRegion, consumer);
    const imported = r.resolve(sameRegion, { 'Fn::ImportValue': 'Lake:Bucket' }) as Expr;
    expect(imported.refs()[0]).toMatchObject({ stackId: 'Lake', logicalId: 'Bucket' });
    const crossRegion = r.resolve(consumer, {
      'Fn::GetAtt': ['Reader', '/cdk/exports/Use/x'],
    }) as Expr;
    expect(new Locator(r).bucketPlace(crossRegion)).toMatchObject({
      region: 'us-east-1',
      resource: { stackId: 'Lake' },
    });
    // An export of another region cannot be imported: unresolved, never assumed.
    expect(
      (r.resolve(consumer, { 'Fn::ImportValue': 'Lake:Bucket' }) as Expr).unknowns()[0].reason,
    ).toMatch(/not defined by any stack/);
  });

  test('environment-agnostic regions stay unknown; __proto__ keys stay data', () => {
    const s = bucketStack('Agnostic', null);
    const r = resolverFor(s);
    const arn = r.resolve(s, {
      'Fn::Join': ['', ['arn:aws:bedrock:', { Ref: 'AWS::Region' }, '::foundation-model/x']],
    });
    expect(new Locator(r).arnPlace(arn)).toMatchObject({
      region: null,
      unresolved: expect.stringMatching(/environment-agnostic/),
    });
    const value = r.resolve(s, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(get(value, '__proto__', 'polluted')).toBe(true);
  });

  test('deep nesting leaves the value unknown: too deep to resolve', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 500; i++) deep = [deep];
    const s = bucketStack('S', 'us-east-1');
    let value = resolverFor(s).resolve(s, deep as never);
    while (Array.isArray(value)) value = value[0];
    expect((value as Expr).unknowns()[0].reason).toMatch(/nested more than 200 levels deep/);
  });

  test('JSON built by Fn::Join parses with references inside strings', () => {
    const value = new Expr([
      { kind: 'text', text: '{"service":"Bedrock","parameters":{"s3Uri":"s3://' },
      { kind: 'ref', stackId: 'S', logicalId: 'Bucket', attribute: 'Ref' },
      { kind: 'text', text: '/train.jsonl"}}' },
    ]);
    const parsed = parseEmbeddedJson(value);
    expect(get(parsed, 'service')).toBe('Bedrock');
    expect((get(parsed, 'parameters', 's3Uri') as Expr).toString()).toBe(
      's3://${Bucket}/train.jsonl',
    );
  });
});
