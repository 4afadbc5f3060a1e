import type { ListTagsInput, ListTagsOutput } from '@aws-sdk/client-sagemaker';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { arnIndex, existsAt, type TaggedResource } from './arn-index';
import { pageSize, paginate, queryFingerprint } from './paging';
import { invalidNextToken } from './sagemaker-listing';

/** A taggable resource that exists now in the call's region, else SageMaker's ValidationException. */
export function findTagged(ctx: AwsCallContext, arn: string | undefined): TaggedResource {
  const r = arnIndex(ctx.state).get((arn ?? '').toLowerCase());
  if (!r || r.region !== ctx.region || !existsAt(r, ctx.nowMs)) throw new AwsServiceError('ValidationException', `Could not find resource "${arn ?? ''}".`);
  return r;
}

/** ListTags: note MaxResults has a MINIMUM of 50 (smithy ListTagsMaxResults), unlike the other List calls. */
export function listTags(input: Wire<ListTagsInput>, ctx: AwsCallContext): ListTagsOutput {
  const size = pageSize('MaxResults', input.MaxResults, 50, Number.MAX_SAFE_INTEGER, 50);
  const r = findTagged(ctx, input.ResourceArn);
  const all = Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value }));
  const page = paginate(all, input.NextToken, size, queryFingerprint(input as Record<string, unknown>, ['MaxResults', 'NextToken']), invalidNextToken);
  return { Tags: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
