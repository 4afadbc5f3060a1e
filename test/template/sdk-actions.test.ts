import { describe, expect, it } from 'vitest';
import { actionsInSource } from './sdk-actions';

describe('actionsInSource', () => {
  const actions = (source: string) => actionsInSource(source, 'x.ts').map((a) => a.action);

  it('maps SDK commands and paginators to IAM actions, skipping clients and types', () => {
    const source = `
      import {
        DescribeEndpointCommand,
        paginateListEndpoints,
        SageMakerClient,
        type ListEndpointsCommandOutput,
      } from '@aws-sdk/client-sagemaker';
      import type { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
      import { GetCostAndUsageCommand as Gcu } from '@aws-sdk/client-cost-explorer';`;
    expect(actions(source)).toEqual(['sagemaker:DescribeEndpoint', 'sagemaker:ListEndpoints', 'ce:GetCostAndUsage']);
  });

  it('maps lib-dynamodb document commands to the DynamoDB operations IAM checks', () => {
    const source = `import { BatchWriteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';`;
    expect(actions(source)).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('maps operations whose IAM action has another name (Lambda Invoke is lambda:InvokeFunction)', () => {
    const source = `
      import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
      import { RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';`;
    expect(actions(source)).toEqual(['lambda:InvokeFunction', 'application-autoscaling:RegisterScalableTarget']);
  });

  it('sees lazily imported Powertools SSM helpers', () => {
    const source = `const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');`;
    expect(actions(source)).toEqual(['ssm:GetParameter']);
  });

  it('sees lazily imported Powertools secrets helpers (the Google credentials in Secrets Manager)', () => {
    const source = `const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');`;
    expect(actions(source)).toEqual(['secretsmanager:GetSecretValue']);
  });

  it('fails loudly on an SDK package it cannot map, instead of ignoring it', () => {
    expect(() => actions(`import { RunInstancesCommand } from '@aws-sdk/client-ec2';`)).toThrow(/add @aws-sdk\/client-ec2 to IAM_PREFIX/);
  });
});
