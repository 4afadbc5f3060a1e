import { describe, expect, it } from 'vitest';
import { AwsProviderError, classifyAwsError, iamActionFor, isNotFound } from '../../../../src/providers/aws/errors';

/** Shaped like a deserialised SDK v3 service exception. */
function sdkError(name: string, httpStatusCode: number, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode }, $fault: httpStatusCode >= 500 ? 'server' : 'client' });
}

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', 400, 'auth-failed'],
    ['AccessDenied', 403, 'auth-failed'],
    ['ExpiredTokenException', 400, 'auth-failed'],
    ['ExpiredToken', 403, 'auth-failed'],
    ['UnrecognizedClientException', 400, 'auth-failed'],
    ['InvalidClientTokenId', 403, 'auth-failed'],
    ['ThrottlingException', 400, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['LimitExceededException', 400, 'throttled'],
    ['SomethingNew', 429, 'throttled'],
    ['DataUnavailableException', 400, 'missing-data'],
    ['ResourceLimitExceeded', 400, 'error'],
    ['ValidationException', 400, 'error'],
    ['InternalFailure', 500, 'error'],
    ['UnfamiliarDenial', 403, 'auth-failed'],
  ] as const)('%s (HTTP %i) -> %s', (name, status, state) => {
    const e = classifyAwsError(sdkError(name, status), 'SageMaker.ListEndpoints');
    expect(e).toBeInstanceOf(AwsProviderError);
    expect(e.state).toBe(state);
    expect(e.code).toBe(name);
    expect(e.httpStatusCode).toBe(status);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('names the missing IAM action for a denied call', () => {
    const e = classifyAwsError(sdkError('AccessDeniedException', 400), 'SageMaker.DescribeEndpointConfig');
    expect(e.message).toContain('sagemaker:DescribeEndpointConfig');
    expect(e.credentialFailure).toBe(false);
  });

  it('marks bad credentials as a credential failure and says how to fix them', () => {
    const e = classifyAwsError(sdkError('ExpiredTokenException', 400), 'CloudWatch.GetMetricData');
    expect(e.credentialFailure).toBe(true);
    expect(e.message).toMatch(/expired/i);
  });

  it('mentions enabling Cost Explorer when CE is denied', () => {
    const e = classifyAwsError(sdkError('AccessDeniedException', 400), 'CostExplorer.GetCostAndUsage');
    expect(e.message).toContain('ce:GetCostAndUsage');
    expect(e.message).toMatch(/enabled/);
  });

  it('classifies network errors by their code', () => {
    const e = classifyAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'Tagging.GetResources');
    expect(e.code).toBe('ECONNREFUSED');
    expect(e.state).toBe('error');
  });

  it('is idempotent and accepts non-errors', () => {
    const once = classifyAwsError(sdkError('ThrottlingException', 400), 'SageMaker.ListTags');
    expect(classifyAwsError(once, 'SageMaker.ListTags')).toBe(once);
    expect(classifyAwsError('boom', 'SageMaker.ListTags').state).toBe('error');
  });
});

describe('iamActionFor', () => {
  it('maps service words to IAM prefixes', () => {
    expect(iamActionFor('SageMaker.ListEndpoints')).toBe('sagemaker:ListEndpoints');
    expect(iamActionFor('CloudWatch.GetMetricData')).toBe('cloudwatch:GetMetricData');
    expect(iamActionFor('CostExplorer.GetCostAndUsage')).toBe('ce:GetCostAndUsage');
    expect(iamActionFor('Tagging.GetResources')).toBe('tag:GetResources');
  });
});

describe('isNotFound', () => {
  it("recognises SageMaker's ValidationException for deleted resources", () => {
    const gone = classifyAwsError(sdkError('ValidationException', 400, 'Could not find endpoint "x".'), 'SageMaker.DescribeEndpoint');
    const invalid = classifyAwsError(sdkError('ValidationException', 400, '1 validation error detected'), 'SageMaker.DescribeEndpoint');
    expect(isNotFound(gone)).toBe(true);
    expect(isNotFound(invalid)).toBe(false);
  });
});
