import { describe, expect, it } from 'vitest';
import {
  encodeRemediationRequest,
  MAX_ASYNC_PAYLOAD_BYTES,
  parseRemediationRequest,
  RemediationRequestError,
  type RemediationRequest,
} from '../../../src/remediation/remediation-request';
import { ref } from '../../support/builders';

const at = new Date('2026-11-03T14:00:00.000Z');
const approval = { by: 'slack' as const, principal: 'U0APPROVE1', at };
const slack = { channel: 'C0ALERTS01', ts: '1762178400.000100', responseUrl: 'https://hooks.slack.com/actions/T/1/x', blockId: 'wd_actions' };

/** What the remediation Lambda receives: the invoke payload, parsed by the runtime as JSON. */
const roundTrip = (r: RemediationRequest) => JSON.parse(Buffer.from(encodeRemediationRequest(r)).toString('utf8')) as unknown;

describe('remediation request contract', () => {
  it('round-trips every request type through the invoke payload, Dates included', () => {
    const requests: RemediationRequest[] = [
      { type: 'park', fingerprint: 'idle-gpu:aws:123456789012:us-east-1:endpoint:a', refKey: 'aws:123456789012:us-east-1:endpoint:a', approval, slack },
      { type: 'park', fingerprint: 'idle-gpu:x', refKey: 'x', ref: ref('a'), approval: { by: 'auto', principal: 'scan', at } },
      { type: 'restore', tokenId: 'rt-1', ref: ref('a'), approval, slack },
      { type: 'restore', ref: ref('a'), approval: { by: 'cli', principal: 'zoe', at } },
      { type: 'snooze', fingerprint: 'idle-gpu:x', hours: 168, approval, slack },
      { type: 'ignore', fingerprint: 'idle-gpu:x', refKey: 'x', approval },
    ];
    for (const r of requests) expect(parseRemediationRequest(roundTrip(r))).toEqual(r);
  });

  it('refuses unknown fields, bad types and incomplete requests, listing each problem', () => {
    const bad = [
      { type: 'park', fingerprint: 'f', refKey: 'k', approval: { ...approval, at: at.toISOString() }, extra: 1 },
      { type: 'delete', fingerprint: 'f', approval },
      { type: 'snooze', fingerprint: 'f', hours: -1, approval },
      { type: 'restore', approval },
      { type: 'park', fingerprint: 'f', refKey: 'k', approval: { by: 'slack', principal: 'U1', at: 'yesterday' } },
      { type: 'park', fingerprint: 'f', refKey: 'k', approval, slack: { ...slack, channel: 'general' } },
    ];
    for (const payload of bad) {
      const err = (() => {
        try {
          parseRemediationRequest(JSON.parse(JSON.stringify(payload)));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(RemediationRequestError);
      expect((err as RemediationRequestError).code).toBe('REMEDIATION_REQUEST_INVALID');
      expect((err as RemediationRequestError).problems.length).toBeGreaterThan(0);
    }
  });

  it('drops the original message when the payload would exceed the async invoke limit', () => {
    const big = 'x'.repeat(3000);
    const blocks = Array.from({ length: 50 }, (_, i) => ({ type: 'section', block_id: `b${i}`, text: { type: 'mrkdwn', text: big } }));
    const huge = { type: 'section', block_id: 'big', text: { type: 'mrkdwn', text: 'y'.repeat(200_000) } };
    const request: RemediationRequest = {
      type: 'park',
      fingerprint: 'idle-gpu:x',
      refKey: 'x',
      approval,
      slack: { ...slack, original: { text: 'alert', blocks: [...blocks.slice(0, 49), huge] } },
    };
    const bytes = encodeRemediationRequest(request);
    expect(bytes.length).toBeLessThan(MAX_ASYNC_PAYLOAD_BYTES);
    const parsed = parseRemediationRequest(JSON.parse(Buffer.from(bytes).toString('utf8')));
    expect(parsed.slack).toEqual(slack);
    const small: RemediationRequest = { ...request, slack: { ...slack, original: { text: 'alert', blocks: blocks.slice(0, 3) } } };
    expect(parseRemediationRequest(roundTrip(small)).slack?.original?.blocks).toHaveLength(3);
  });
});
