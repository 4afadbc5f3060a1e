import { describe, expect, it } from 'vitest';
import { createRouter, ownerOf, routeFinding } from '../../../src/notify/route';
import { idleGpuFinding } from './finding-factory';

const config = {
  ownerTag: 'team',
  defaultChannel: '#ml-watchdog',
  channelsByOwner: { 'ml-platform': '#ml-platform-alerts', Search: 'C0123SEARCH' },
};

function withTags(tags: Record<string, string>, owner?: string) {
  const f = idleGpuFinding({ tags });
  delete f.owner;
  if (owner) f.owner = owner;
  return f;
}

describe('routing', () => {
  it('routes to the owner channel by the configured owner tag', () => {
    expect(routeFinding(withTags({ team: 'ml-platform' }), config)).toEqual({
      channel: '#ml-platform-alerts',
      owner: 'ml-platform',
      via: 'owner',
    });
  });

  it('prefers the owner the detector resolved over the raw tag', () => {
    expect(routeFinding(withTags({ team: 'nobody' }, 'ml-platform'), config).channel).toBe('#ml-platform-alerts');
  });

  it('falls back to the default channel without an owner or for an unknown owner', () => {
    expect(routeFinding(withTags({ owner: 'ml-platform' }), config)).toEqual({ channel: '#ml-watchdog', via: 'default' });
    expect(routeFinding(withTags({ team: 'finance' }), config)).toEqual({ channel: '#ml-watchdog', owner: 'finance', via: 'default' });
    expect(routeFinding(withTags({ team: '   ' }), config).via).toBe('default');
  });

  it('matches owners case-insensitively and ignores stray spaces, exact match first', () => {
    const route = createRouter({ ...config, channelsByOwner: { ...config.channelsByOwner, search: 'C0LOWER' } });
    expect(route(withTags({ team: 'search' })).channel).toBe('C0LOWER');
    expect(route(withTags({ team: 'Search' })).channel).toBe('C0123SEARCH');
    expect(route(withTags({ team: ' ML-Platform ' })).channel).toBe('#ml-platform-alerts');
  });

  it('does not treat inherited object keys as owners', () => {
    expect(routeFinding(withTags({ team: 'constructor' }), config).channel).toBe('#ml-watchdog');
    expect(routeFinding(withTags({ team: '__proto__' }), config).channel).toBe('#ml-watchdog');
  });

  it('ownerOf reads the owner tag when the detector set none', () => {
    expect(ownerOf(withTags({ team: 'x' }), 'team')).toBe('x');
    expect(ownerOf(withTags({}), 'team')).toBeUndefined();
  });
});
