import { AddTagsCommand, ListTagsCommand, type ListTagsOutput, type Tag } from '@aws-sdk/client-sagemaker';
import type { Tags } from '../../../domain/cloud';
import { forEachPage } from '../call-log';
import { toTags } from '../to-domain';
import { awsCall, type ActionContext } from './action-context';

/**
 * All tags of one SageMaker resource. ListTags' MaxResults has a MINIMUM of 50 (smaller is a ValidationException);
 * we ask for 100 and follow NextToken.
 */
export async function listResourceTags(ctx: ActionContext, arn: string): Promise<Tags> {
  const list: Tag[] = [];
  await awsCall(ctx, 'SageMaker.ListTags', 'Reading the tags', () =>
    forEachPage<ListTagsOutput>(
      (NextToken) => ctx.clients.sagemaker.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 100, NextToken })),
      (page) => page.NextToken,
      (page) => void list.push(...(page.Tags ?? [])),
    ),
  );
  return toTags(list);
}

/**
 * Tags to set when recreating a resource. Keys starting with `aws:` are reserved (CloudFormation's
 * aws:cloudformation:stack-name, ...): AWS sets them itself and refuses them in a request, so they are dropped.
 */
export function userTagList(tags: Tags): Tag[] {
  return Object.entries(tags)
    .filter(([key]) => !key.toLowerCase().startsWith('aws:'))
    .map(([Key, Value]) => ({ Key, Value }));
}

/** AddTags takes at most 50 tags per call. */
const ADD_TAGS_MAX = 50;

/** Adds (or overwrites) tags on a SageMaker resource; AddTags is an upsert, so re-running is safe. */
export async function addResourceTags(ctx: ActionContext, tags: Tags): Promise<void> {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  for (let i = 0; i < list.length; i += ADD_TAGS_MAX) {
    const chunk = list.slice(i, i + ADD_TAGS_MAX);
    await awsCall(ctx, 'SageMaker.AddTags', `Tagging with ${chunk.map((t) => t.Key).join(', ')}`, () =>
      ctx.clients.sagemaker.send(new AddTagsCommand({ ResourceArn: ctx.arn, Tags: chunk })),
    );
  }
}
