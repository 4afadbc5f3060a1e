import type { Finding } from '../domain/finding';

export interface RoutingConfig {
  /** Tag/label key naming the owning team (config `ownerTag`). */
  ownerTag: string;
  defaultChannel: string;
  /** Owner tag value -> channel (config `notify.slack.channelsByOwner`). */
  channelsByOwner: Readonly<Record<string, string>>;
}

export interface Route {
  channel: string;
  owner?: string;
  /** `owner`: the owner has a channel; `default`: no owner, or an owner without a configured channel. */
  via: 'owner' | 'default';
}

/**
 * The owner of a finding: what the detector resolved, else the owner tag on the resource. Tag values are trimmed
 * because console-edited tags often carry stray spaces; an empty value counts as no owner.
 */
export function ownerOf(finding: Finding, ownerTag: string): string | undefined {
  const raw = finding.owner ?? finding.tags[ownerTag];
  const owner = raw?.trim();
  return owner ? owner : undefined;
}

/**
 * Builds a router once per run. Owners match exactly first, then case-insensitively: teams tag "ML-Platform" on one
 * cloud and "ml-platform" on another (GCP labels must be lowercase), and an alert lost to the default channel over
 * case is worse than a merged route.
 */
export function createRouter(config: RoutingConfig): (finding: Finding) => Route {
  const folded = new Map<string, string>();
  for (const [owner, channel] of Object.entries(config.channelsByOwner)) {
    const key = owner.trim().toLowerCase();
    if (!folded.has(key)) folded.set(key, channel);
  }
  return (finding) => {
    const owner = ownerOf(finding, config.ownerTag);
    if (owner === undefined) return { channel: config.defaultChannel, via: 'default' };
    const channel = Object.hasOwn(config.channelsByOwner, owner)
      ? config.channelsByOwner[owner]
      : folded.get(owner.toLowerCase());
    return channel ? { channel, owner, via: 'owner' } : { channel: config.defaultChannel, owner, via: 'default' };
  };
}

/** One-off routing: `channelsByOwner[owner]`, else `defaultChannel`. Use `createRouter` for many findings. */
export function routeFinding(finding: Finding, config: RoutingConfig): Route {
  return createRouter(config)(finding);
}
