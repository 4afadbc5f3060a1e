import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { Tags } from '../../../domain/cloud';
import { armCall, type ActionContext } from './action-context';
import { getCompute } from './actions/stop-compute-instance';
import { requireEndpoint } from './online-endpoint';
import { AzureRemediationError } from './remediation-error';
import { driveLro } from './wait';

/** ARM Tags API version for Tags_UpdateAtScope (PATCH …/providers/Microsoft.Resources/tags/default). */
export const TAGS_API_VERSION = '2021-04-01';

/** True when every wanted tag is already there with the same value (re-running is a no-op, no write). */
export const hasAllTags = (current: Record<string, string> | undefined, wanted: Record<string, string>): boolean =>
  Object.entries(wanted).every(([k, v]) => current?.[k] === v);

/**
 * Adds tags (the Ignore button's `watchdog:ignore`; Azure tag names may hold `:`). Endpoints: OnlineEndpoints_Update
 * (PATCH) REPLACES the tag set, so the current tags are read and merged first. Compute instances: Azure ML has no
 * tag update for computes, so ARM's generic Tags_UpdateAtScope with operation Merge is sent through the ML client's
 * pipeline (same credential, retries and simulator redirect). Azure ML jobs cannot be re-tagged through ARM.
 */
export async function addResourceTags(ctx: ActionContext, tags: Tags): Promise<void> {
  const keys = Object.keys(tags).join(', ');
  switch (ctx.ref.kind) {
    case 'endpoint': {
      const e = await requireEndpoint(ctx, 'Nothing to tag.');
      if (hasAllTags(e.tags, tags)) return;
      const { resourceGroup, workspace, name } = ctx.arm;
      const what = `Tagging online endpoint ${name} with ${keys}`;
      const poller = await armCall(ctx, what, () => ctx.ml.onlineEndpoints.beginUpdate(resourceGroup, workspace, name, { tags: { ...e.tags, ...tags } }));
      await driveLro(ctx, poller, what, 'Run the same command again to confirm the tags.');
      return;
    }
    case 'notebook': {
      const c = await getCompute(ctx);
      if (!c) throw new AzureRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Compute instance ${ctx.label} no longer exists; nothing to tag.` });
      if (hasAllTags(c.tags, tags)) return;
      await armCall(ctx, `Tagging compute instance ${ctx.arm.name} with ${keys}`, () => mergeTagsAtScope(ctx, ctx.label, tags));
      return;
    }
    case 'training-job':
      throw new AzureRemediationError({
        code: 'TAGS_IMMUTABLE',
        resource: ctx.label,
        message: `Azure ML jobs cannot be re-tagged through Azure Resource Manager (jobs are not ARM-taggable resources), so ${ctx.arm.name} was not tagged with ${keys}. Add its name to exclusions.names in the watchdog config instead, or submit its next run with the tag.`,
      });
    default:
      throw new AzureRemediationError({ code: 'WRONG_RESOURCE', resource: ctx.label, message: `${ctx.ref.name} is a ${ctx.ref.kind}; Azure has no such resource in ml-watchdog. Nothing was tagged.` });
  }
}

/** PATCH {arm}{scope}/providers/Microsoft.Resources/tags/default {operation: Merge}; a 4xx/5xx becomes a RestError like the SDK's. */
export async function mergeTagsAtScope(ctx: ActionContext, scope: string, tags: Tags): Promise<void> {
  const request = createPipelineRequest({
    url: `${ctx.armEndpoint}${scope}/providers/Microsoft.Resources/tags/default?api-version=${TAGS_API_VERSION}`,
    method: 'PATCH',
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ operation: 'Merge', properties: { tags } }),
  });
  const response = await ctx.ml.sendRequest(request);
  if (response.status < 400) return;
  let body: { error?: { code?: string; message?: string } } = {};
  try {
    body = JSON.parse(response.bodyAsText ?? '{}') as typeof body;
  } catch {
    // Not JSON: the status alone classifies it.
  }
  throw new RestError(body.error?.message ?? `HTTP ${response.status}`, { statusCode: response.status, ...(body.error?.code ? { code: body.error.code } : {}), request, response });
}
