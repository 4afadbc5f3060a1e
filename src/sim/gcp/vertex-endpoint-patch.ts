import { invalidArgument } from './google-wire';
import type { SimVertexEndpoint } from './gcp-model';
import { activeModels, endpointJson, liveModels } from './vertex-endpoints';
import { checkSplit, isObject, scheduleSplit, type Body } from './vertex-writes';

/** PATCH endpoint (UpdateEndpoint): labels, displayName, description, trafficSplit per updateMask. */
export function patchEndpoint(e: SimVertexEndpoint, body: Body, mask: string | undefined, nowMs: number): Record<string, unknown> {
  if (!mask) throw invalidArgument('update_mask is required.');
  for (const raw of mask.split(',')) {
    const f = raw.trim();
    if (f === 'labels') {
      const labels = body.labels ?? {};
      if (!isObject(labels) || Object.values(labels).some((v) => typeof v !== 'string')) throw invalidArgument('labels must be a map of strings.');
      for (const [k, v] of Object.entries(labels as Record<string, string>)) {
        if (!/^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u.test(k)) throw invalidArgument(`Invalid label key "${k}": keys start with a lower-case letter and hold at most 63 lower-case letters, digits, _ or -.`);
        if (!/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u.test(v)) throw invalidArgument(`Invalid value for label "${k}": at most 63 lower-case letters, digits, _ or -.`);
      }
      e.labels = { ...(labels as Record<string, string>) };
    } else if (f === 'display_name' || f === 'displayName') {
      if (typeof body.displayName !== 'string' || !body.displayName) throw invalidArgument('displayName must not be empty.');
      e.displayName = body.displayName;
    } else if (f === 'description') {
      if (typeof body.description === 'string' && body.description) e.description = body.description;
      else delete e.description;
    } else if (f === 'traffic_split' || f === 'trafficSplit') {
      const live = liveModels(e, nowMs).filter((m) => activeModels(e).includes(m));
      scheduleSplit(e, nowMs, checkSplit(body.trafficSplit ?? {}, new Set(live.map((m) => m.id))));
    } else {
      throw invalidArgument(`Field ${f} in update_mask is not supported by the simulator (labels, display_name, description, traffic_split).`);
    }
  }
  e.updatedMs = nowMs;
  return endpointJson(e, nowMs);
}
