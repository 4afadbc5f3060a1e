import type { ListTagsInput, ListTagsOutput } from '@aws-sdk/client-sagemaker';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { arnIndex } from './arn-index';
import { pageSize, paginate, queryFingerprint } from './paging';
import { invalidNextToken } from './sagemaker-listing';

/** ListTags: note MaxResults has a MINIMUM of 50 (smithy ListTagsMaxResults), unlike the other List calls. */
export function listTags(input: Wire<ListTagsInput>, ctx: AwsCallContext): ListTagsOutput {
  const size = pageSize('MaxResults', input.MaxResults, 50, Number.MAX_SAFE_INTEGER, 50);
  const arn = input.ResourceArn ?? '';
  const r = arnIndex(ctx.state).get(arn.toLowerCase());
  if (!r || r.region !== ctx.region) throw new AwsServiceError('ValidationException', `Could not find resource "${arn}".`);
  const all = Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value }));
  const page = paginate(all, input.NextToken, size, queryFingerprint(input as Record<string, unknown>, ['MaxResults', 'NextToken']), invalidNextToken);
  return { Tags: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
