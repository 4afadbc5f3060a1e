import type { Tags } from '../../domain/cloud';

/**
 * Google label keys allow only lowercase letters, digits, `_` and `-` (no `:`), so the watchdog's own tags are
 * spelled `watchdog-ignore` / `watchdog-keep-warm` on Google Cloud. The reader maps them to the cloud-neutral
 * `watchdog:*` keys that exclusions and guardrails check; the remediator maps back when it writes a label.
 */
const WATCHDOG_PREFIX_LABEL = 'watchdog-';
const WATCHDOG_PREFIX_TAG = 'watchdog:';

export function labelsToTags(labels: Readonly<Record<string, string>> | undefined): Tags {
  const tags: Tags = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    tags[k.startsWith(WATCHDOG_PREFIX_LABEL) ? WATCHDOG_PREFIX_TAG + k.slice(WATCHDOG_PREFIX_LABEL.length) : k] = v;
  }
  return tags;
}

/** `watchdog:ignore` -> `watchdog-ignore`; values are lowercased and cut to Google's 63 characters. */
export function tagsToLabels(tags: Readonly<Tags>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    const key = k.startsWith(WATCHDOG_PREFIX_TAG) ? WATCHDOG_PREFIX_LABEL + k.slice(WATCHDOG_PREFIX_TAG.length) : k;
    labels[key.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63)] = v.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
  }
  return labels;
}
