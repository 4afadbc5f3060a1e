import { hashString } from '../prng';

/**
 * Vertex AI ids (endpoints, deployed models, custom jobs, operations) are int64 numbers in decimal, e.g.
 * `projects/123/locations/us-central1/endpoints/4054137345011449856`. The simulator derives them from a stable seed
 * string so a fleet without explicit ids gets the same ids in every run (and in every process sharing a state file).
 * Always 19 digits, below 2^63: 10^18 + a 62-bit hash.
 */
export function numericId(seed: string): string {
  const hi = BigInt(hashString(seed));
  const lo = BigInt(hashString(seed, 0x9747b28c) & 0x3fffffff);
  return (1_000_000_000_000_000_000n + (hi << 30n) + lo).toString();
}

/** The region of a zone: `us-central1-a` -> `us-central1`. */
export function zoneRegion(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}

/** RFC 3339 as Google's JSON mapping writes google.protobuf.Timestamp (UTC, "Z"). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
