import type { Tags } from '../domain/cloud';
import type { WatchdogConfig } from '../config/schema';

/** Tags that always exclude a resource, whatever the config says (documented in the README). */
export const BUILTIN_EXCLUSION_TAGS = ['watchdog:ignore'] as const;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Why a resource is excluded, or undefined when it is not. Pure; shared by every detector and the remediation gate. */
export function exclusionReason(
  name: string,
  tags: Tags,
  exclusions: WatchdogConfig['exclusions'],
): string | undefined {
  for (const key of BUILTIN_EXCLUSION_TAGS) {
    const v = tags[key];
    if (v !== undefined && v.toLowerCase() !== 'false') return `tag ${key}=${v}`;
  }
  for (const [key, want] of Object.entries(exclusions.tags)) {
    const v = tags[key];
    if (v === undefined) continue;
    if (want === '*' || v === want) return `tag ${key}=${v}`;
  }
  for (const glob of exclusions.names) {
    if (globToRegExp(glob).test(name)) return `name matches ${glob}`;
  }
  return undefined;
}
