import type { Tags } from '../../../domain/cloud';
import { tagsToLabels } from '../labels';
import { googleCall, locationOf, type ActionContext } from './action-context';
import { GcpRemediationError } from './remediation-error';
import { endpointPath, requireEndpoint } from './vertex-endpoint';
import { getInstance } from './actions/stop-notebook';
import { awaitOperation, type GoogleLro } from './wait';

/** True when every wanted label is already there with the same value (re-running is a no-op, no PATCH). */
const hasAll = (current: Record<string, string>, wanted: Record<string, string>) => Object.entries(wanted).every(([k, v]) => current[k] === v);

/**
 * Adds labels (the Ignore button's `watchdog:ignore` tag becomes the `watchdog-ignore` label: Google label keys
 * cannot hold `:`). PATCH with updateMask=labels REPLACES the whole map, so the current labels are read first and
 * merged. Endpoints answer the PATCH with the endpoint; Workbench instances with an operation, which is awaited.
 * Vertex AI custom jobs have no update method: their labels are fixed at creation.
 */
export async function addResourceLabels(ctx: ActionContext, tags: Tags): Promise<void> {
  const wanted = tagsToLabels(tags);
  switch (ctx.ref.kind) {
    case 'endpoint': {
      const e = await requireEndpoint(ctx, ctx.name, 'Nothing to label.');
      if (hasAll(e.labels ?? {}, wanted)) return;
      await googleCall(ctx, 'Vertex.UpdateEndpoint', `Labelling endpoint with ${Object.keys(wanted).join(', ')}`, () =>
        ctx.http.request({ operation: 'Vertex.UpdateEndpoint', method: 'PATCH', ...endpointPath(ctx.name), query: { updateMask: 'labels' }, body: { labels: { ...e.labels, ...wanted } } }),
      );
      return;
    }
    case 'notebook': {
      const i = await getInstance(ctx, ctx.name);
      if (!i) throw new GcpRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Workbench instance ${ctx.name} no longer exists; nothing to label.` });
      if (hasAll(i.labels ?? {}, wanted)) return;
      const what = `Labelling Workbench instance with ${Object.keys(wanted).join(', ')}`;
      const op = await googleCall(ctx, 'Notebooks.UpdateInstance', what, () =>
        ctx.http.request<GoogleLro>({ operation: 'Notebooks.UpdateInstance', method: 'PATCH', path: `/v2/${ctx.name}`, query: { updateMask: 'labels' }, body: { labels: { ...i.labels, ...wanted } } }),
      );
      await awaitOperation(ctx, { service: 'Notebooks', version: 'v2' }, op, what);
      return;
    }
    case 'training-job':
      throw new GcpRemediationError({
        code: 'LABELS_IMMUTABLE',
        resource: ctx.label,
        message: `Vertex AI custom jobs cannot be relabelled after creation (JobService has no update method), so ${ctx.ref.name} was not labelled. Add its name to exclusions.names in the watchdog config instead, or create its next run with the label ${Object.keys(wanted).join(', ')}.`,
      });
    default:
      throw new GcpRemediationError({
        code: 'WRONG_RESOURCE',
        resource: ctx.label,
        message: `${ctx.ref.name} is a ${ctx.ref.kind}; Google Cloud has no such resource in ml-watchdog (location ${locationOf(ctx.name) ?? '?'}). Nothing was labelled.`,
      });
  }
}
