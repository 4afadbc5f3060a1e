import { beforeAll, describe, expect, it } from 'vitest';
import { checkTemplate, loadSpec, type SpecDatabase, type TemplateProblem } from '../../scripts/check-template.mjs';

/** A small template that is valid CloudFormation; each test breaks one thing in a copy of it. */
function validTemplate() {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Stage: { Type: 'String', Default: 'dev' } },
    Resources: {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        DeletionPolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          Tags: [{ Key: 'stage', Value: { Ref: 'Stage' } }],
        },
      },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [] } }],
        },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['Role'],
        Properties: {
          Code: { ZipFile: 'exports.handler = async () => 1' },
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          MemorySize: '1024', // CloudFormation accepts numbers as strings
          Architectures: ['arm64'],
          Environment: { Variables: { TABLE: { Ref: 'Table' }, STAGE: { 'Fn::Sub': '${Stage}-${AWS::Region}-${!Literal}' } } },
        },
      },
    },
    Outputs: { TableArn: { Value: { 'Fn::Sub': '${Table.Arn}' } } },
  };
}

type Template = ReturnType<typeof validTemplate>;
type Mutable = Record<string, any>;

let spec: SpecDatabase;
beforeAll(() => {
  spec = loadSpec();
});

function problemsAfter(mutate: (t: Template & Mutable) => void): TemplateProblem[] {
  const template = validTemplate();
  mutate(template);
  return checkTemplate(template, spec);
}

describe('checkTemplate', () => {
  it('accepts a valid template (so every other case fails for its own reason)', () => {
    expect(checkTemplate(validTemplate(), spec)).toEqual([]);
  });

  it('reports an unknown resource type', () => {
    const problems = problemsAfter((t) => {
      (t.Resources as Mutable).Thing = { Type: 'AWS::Nope::Thing', Properties: {} };
    });
    expect(problems).toEqual([{ path: 'Resources.Thing.Type', message: 'unknown resource type AWS::Nope::Thing' }]);
  });

  it('reports an unknown top-level property', () => {
    const problems = problemsAfter((t) => {
      (t.Resources.Table.Properties as Mutable).BillingModes = 'PROVISIONED';
    });
    expect(problems).toEqual([{ path: 'Resources.Table.Properties.BillingModes', message: 'unknown property' }]);
  });

  it('reports a missing required property', () => {
    const problems = problemsAfter((t) => {
      delete (t.Resources.Fn.Properties as Mutable).Code;
    });
    expect(problems).toEqual([{ path: 'Resources.Fn.Properties.Code', message: 'missing required property' }]);
  });

  it('checks nested property types: unknown and missing fields inside a property object', () => {
    const problems = problemsAfter((t) => {
      t.Resources.Table.Properties.TimeToLiveSpecification = { AttributeName: 'expiresAt', Enable: true } as never;
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'Resources.Table.Properties.TimeToLiveSpecification.Enabled', message: 'missing required property' },
        { path: 'Resources.Table.Properties.TimeToLiveSpecification.Enable', message: 'unknown property' },
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('checks array elements and value shapes', () => {
    const problems = problemsAfter((t) => {
      (t.Resources.Fn.Properties as Mutable).Architectures = 'arm64';
      (t.Resources.Fn.Properties as Mutable).MemorySize = 'lots';
      t.Resources.Table.Properties.Tags = [{ Key: 'stage' }] as never;
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'Resources.Fn.Properties.Architectures', message: 'expected an array, got a string' },
        { path: 'Resources.Fn.Properties.MemorySize', message: 'expected a number, got a string' },
        { path: 'Resources.Table.Properties.Tags[0].Value', message: 'missing required property' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('reports Ref, GetAtt and Sub targets that do not exist', () => {
    const problems = problemsAfter((t) => {
      t.Resources.Fn.Properties.Role = { 'Fn::GetAtt': ['Role', 'Name'] } as never;
      t.Resources.Fn.Properties.Environment.Variables.TABLE = { Ref: 'Tabel' } as never;
      t.Outputs.TableArn.Value = { 'Fn::Sub': '${Table.Arn}/${Api.ApiEndpoint}' };
    });
    expect(problems.map((p) => p.message)).toEqual([
      'AWS::IAM::Role has no attribute Name (known: Arn, RoleId)',
      'Ref to unknown resource or parameter Tabel',
      'Fn::GetAtt of unknown resource Api',
    ]);
  });

  it('reports invalid resource attributes', () => {
    const problems = problemsAfter((t) => {
      (t.Resources.Table as Mutable).DeletionPolicy = 'Keep';
      (t.Resources.Fn as Mutable).DependsOn = ['Role', 'Ghost'];
      (t.Resources.Fn as Mutable).Propertys = {};
    });
    expect(problems).toEqual([
      { path: 'Resources.Table.DeletionPolicy', message: 'invalid policy Keep' },
      { path: 'Resources.Fn.Propertys', message: 'unknown resource attribute' },
      { path: 'Resources.Fn.DependsOn', message: 'depends on unknown resource Ghost' },
    ]);
  });

  it('reports a template without Resources', () => {
    expect(checkTemplate({}, spec)).toEqual([{ path: 'Resources', message: 'the template has no Resources object' }]);
  });
});
