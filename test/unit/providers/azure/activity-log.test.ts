import type { EventData } from '@azure/arm-monitor';
import { describe, expect, it } from 'vitest';
import { activityFilter, activityStart, latestFailure, statusMessageReason } from '../../../../src/providers/azure/activity-log';

const WRAPPED = JSON.stringify({
  status: 'Failed',
  error: {
    code: 'ResourceDeploymentFailure',
    message: "The resource operation completed with terminal provisioning state 'Failed'.",
    details: [{ code: 'OperationNotAllowed', message: 'Operation results in exceeding quota limits of Core. Maximum allowed: 100, Current in use: 100, Additional requested: 8.' }],
  },
});

const event = (status: string, minutesAgo: number, statusMessage?: string, op = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write'): EventData =>
  ({
    status: { value: status },
    operationName: { value: op },
    eventTimestamp: new Date(Date.UTC(2026, 10, 18, 15) - minutesAgo * 60_000),
    properties: statusMessage ? { statusCode: 'Conflict', statusMessage } : {},
  }) as EventData;

describe('Activity Log failure reasons', () => {
  it('takes the innermost coded error of ARM\'s statusMessage (Azure\'s documented sample)', () => {
    expect(statusMessageReason(WRAPPED)).toBe('OperationNotAllowed: Operation results in exceeding quota limits of Core. Maximum allowed: 100, Current in use: 100, Additional requested: 8.');
    expect(statusMessageReason(JSON.stringify({ error: { code: 'OutOfCapacity', message: 'No capacity.' } }))).toBe('OutOfCapacity: No capacity.');
    expect(statusMessageReason(JSON.stringify({ code: 'OutOfQuota', message: 'm' }))).toBe('OutOfQuota: m');
    expect(statusMessageReason('plain words')).toBe('plain words');
    expect(statusMessageReason('{}')).toBeUndefined();
  });

  it('uses the latest failed write that has a statusMessage', () => {
    const older = JSON.stringify({ error: { code: 'OutOfCapacity', message: 'old' } });
    const found = latestFailure([event('Started', 30), event('Failed', 200, older), event('Failed', 20, WRAPPED), event('Failed', 5), event('Failed', 1, older, 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/delete')]);
    expect(found?.reason).toMatch(/^OperationNotAllowed: /);
    expect(found?.at).toEqual(new Date(Date.UTC(2026, 10, 18, 15) - 20 * 60_000));
    expect(latestFailure([event('Succeeded', 5)])).toBeUndefined();
  });

  it('starts an hour before the deployment\'s last change, within the 90-day retention; 7 days when unknown', () => {
    const now = new Date('2026-11-18T15:00:00Z');
    expect(activityStart(new Date('2026-11-18T12:00:00Z'), now)).toEqual(new Date('2026-11-18T11:00:00Z'));
    expect(activityStart(new Date('2026-01-01T00:00:00Z'), now)).toEqual(new Date(now.getTime() - 89 * 86_400_000));
    expect(activityStart(undefined, now)).toEqual(new Date('2026-11-11T15:00:00Z'));
    expect(activityStart(new Date('2026-11-19T00:00:00Z'), now)).toEqual(now);
  });

  it('filters on the resource and the last 7 days, the start time first (the API requires it)', () => {
    expect(activityFilter('/subscriptions/s/x', new Date('2026-11-18T15:00:00Z'))).toBe(
      "eventTimestamp ge '2026-11-11T15:00:00.000Z' and eventTimestamp le '2026-11-18T15:00:00.000Z' and resourceUri eq '/subscriptions/s/x'",
    );
  });
});
