/**
 * Vertex AI traffic splits: `{ "<deployedModelId>": <int percent> }`, summing to 100 whenever the endpoint has
 * traffic. Pure helpers for the undeploy/deploy sequence (endpoint_service.proto: UndeployModelRequest.traffic_split,
 * DeployModelRequest.traffic_split).
 */
export type TrafficSplit = Record<string, number>;

const total = (split: TrafficSplit): number => Object.values(split).reduce((a, b) => a + b, 0);

/**
 * Scales the shares of `ids` to sum to 100 with whole percents (largest remainder, ties by the order of `ids`), so
 * 50/30/20 without the 50 becomes 60/40. Undefined when those ids hold no traffic at all.
 */
export function renormalise(split: TrafficSplit, ids: readonly string[]): TrafficSplit | undefined {
  const shares = ids.map((id) => Math.max(0, split[id] ?? 0));
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum <= 0) return undefined;
  const exact = shares.map((s) => (s * 100) / sum);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return Object.fromEntries(ids.map((id, i) => [id, floors[i]!]));
}

/** 100 spread as evenly as whole percents allow (33/33/34 style, the remainder to the first ids). */
function even(ids: readonly string[]): TrafficSplit {
  const base = Math.floor(100 / ids.length);
  const extra = 100 - base * ids.length;
  return Object.fromEntries(ids.map((id, i) => [id, base + (i < extra ? 1 : 0)]));
}

/**
 * The split to send with `undeployModel` for `id` while `remaining` models stay deployed. UndeployModel succeeds only
 * if the model has no traffic or the new split unassigns it (FAILED_PRECONDITION otherwise); the last model empties
 * the split by itself, so it needs none (undefined). A model without traffic also needs none.
 */
export function splitWithout(current: TrafficSplit, id: string, remaining: readonly string[]): TrafficSplit | undefined {
  if (remaining.length === 0) return undefined;
  if ((current[id] ?? 0) <= 0 && total(current) === 0) return undefined;
  return renormalise(current, remaining) ?? even(remaining);
}

/**
 * The split to send with `deployModel` while restoring: the captured shares of the models that will be deployed
 * after this call, renormalised, with "0" standing for the model being deployed (DeployModelRequest: "To refer to
 * the ID of the just being deployed Model, a "0" should be used"). When none of them had traffic, the endpoint's
 * current split is kept and the new model gets 0 (or 100 on an empty endpoint). The exact captured split is put
 * back once every model is deployed.
 */
export function interimSplit(prior: TrafficSplit, current: TrafficSplit, present: readonly string[], id: string): TrafficSplit {
  const ids = [...present.filter((p) => p !== id), id];
  const shares = renormalise(prior, ids);
  if (shares) {
    const { [id]: mine = 0, ...rest } = shares;
    return { ...rest, '0': mine };
  }
  const kept = Object.fromEntries(Object.entries(current).filter(([k]) => present.includes(k)));
  return total(kept) > 0 ? { ...kept, '0': 0 } : { ...kept, '0': 100 };
}

/** Same ids with the same shares (0-share entries count as absent: Vertex may drop or keep them). */
export function sameSplit(a: TrafficSplit, b: TrafficSplit): boolean {
  const norm = (s: TrafficSplit) => Object.entries(s).filter(([, v]) => v > 0).sort(([x], [y]) => x.localeCompare(y));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
