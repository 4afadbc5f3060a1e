import { CreateAppCommand, DeleteAppCommand, DescribeAppCommand, type AppType, type DescribeAppResponse } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { awsCall, awsDescribe, defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { AwsRemediationError } from '../remediation-error';
import { listResourceTags, userTagList } from '../resource-tags';
import { waitFor } from '../wait';

/**
 * Studio apps (KernelGateway, JupyterLab, CodeEditor ...) bill for their instance while InService and cannot be
 * stopped: DeleteApp is the stop. The user's files live on the user profile's or space's storage (EFS/EBS), which
 * DeleteApp does not touch. Restore is CreateApp with the same name and the captured ResourceSpec (instance type,
 * image, lifecycle config).
 */
export const deleteStudioAppSpec: ActionSpec = {
  action: 'delete-studio-app',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeApp', ARN.app),
    allow('sagemaker:ListTags', ARN.app),
    allow('sagemaker:DeleteApp', ARN.app),
    allow('sagemaker:CreateApp', ARN.app),
    // CreateApp with Tags is authorised as sagemaker:AddTags on the new app too.
    allow('sagemaker:AddTags', ARN.app),
  ],
  restorable: true,
};

const priorSchema = z.object({
  domainId: z.string().min(1),
  userProfileName: z.string().min(1).optional(),
  spaceName: z.string().min(1).optional(),
  appType: z.string().min(1),
  appName: z.string().min(1),
  resourceSpec: z.object({
    InstanceType: z.string().optional(),
    SageMakerImageArn: z.string().optional(),
    SageMakerImageVersionArn: z.string().optional(),
    SageMakerImageVersionAlias: z.string().optional(),
    LifecycleConfigArn: z.string().optional(),
  }),
  tags: z.record(z.string(), z.string()),
});
type Prior = z.infer<typeof priorSchema>;
type AppKey = Pick<Prior, 'domainId' | 'userProfileName' | 'spaceName' | 'appType' | 'appName'>;

const owner = (k: AppKey) => (k.userProfileName !== undefined ? { UserProfileName: k.userProfileName } : { SpaceName: k.spaceName });
const appLabel = (k: AppKey) => `Studio app ${k.appType}/${k.appName}`;

function describe(ctx: ActionContext, k: AppKey): Promise<DescribeAppResponse | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeApp', `Reading ${appLabel(k)}`, () =>
    ctx.clients.sagemaker.send(new DescribeAppCommand({ DomainId: k.domainId, AppType: k.appType as AppType, AppName: k.appName, ...owner(k) })),
  );
}

/** A Deleted app is still described for a while; for us it is the same as gone. */
const gone = (a: DescribeAppResponse | undefined) => a === undefined || a.Status === 'Deleted';

/** ref.name is `<domain>/<user profile or space>/<app type>/<app name>` (ListApps returns no ARN of its own). */
async function locate(ctx: ActionContext): Promise<{ key: AppKey; app: DescribeAppResponse }> {
  const parts = ctx.ref.name.split('/');
  if (parts.length !== 4 || parts.some((p) => p === '')) {
    throw new AwsRemediationError({ code: 'WRONG_RESOURCE', resource: ctx.label, message: `"${ctx.ref.name}" is not a Studio app name of the form domain/owner/type/app.` });
  }
  const [domainId, ownerName, appType, appName] = parts as [string, string, string, string];
  // The name does not say whether the owner is a user profile or a space: try the user profile first.
  for (const key of [{ domainId, userProfileName: ownerName, appType, appName }, { domainId, spaceName: ownerName, appType, appName }]) {
    const app = await describe(ctx, key);
    if (app && !gone(app)) return { key, app };
  }
  throw new AwsRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Studio app ${ctx.ref.name} no longer exists (or is already deleted); nothing to park.` });
}

function settle(ctx: ActionContext, k: AppKey): Promise<DescribeAppResponse | undefined> {
  return waitFor(ctx, {
    what: `${appLabel(k)} to finish its current change`,
    poll: () => describe(ctx, k),
    done: (a) => a === undefined || (a.Status !== 'Pending' && a.Status !== 'Deleting'),
    describe: (a) => `it is ${a?.Status ?? 'gone'}`,
    onTimeout: 'Run the same command again once the app shows InService or Deleted in Studio.',
  });
}

async function deleteApp(ctx: ActionContext, k: AppKey): Promise<void> {
  let app = await describe(ctx, k);
  if (gone(app) || app?.Status === 'Deleting') return;
  if (app?.Status === 'Pending') app = await settle(ctx, k);
  if (gone(app)) return;
  await awsCall(ctx, 'SageMaker.DeleteApp', `Deleting ${appLabel(k)}`, () =>
    ctx.clients.sagemaker.send(new DeleteAppCommand({ DomainId: k.domainId, AppType: k.appType as AppType, AppName: k.appName, ...owner(k) })),
  );
}

async function createApp(ctx: ActionContext, p: Prior): Promise<void> {
  let app = await describe(ctx, p);
  if (app?.Status === 'InService' || app?.Status === 'Pending') return;
  // CreateApp under a name that is still Deleting is refused: wait for the delete to finish.
  if (app?.Status === 'Deleting') app = await settle(ctx, p);
  if (app?.Status === 'InService' || app?.Status === 'Pending') return;
  if (app?.Status === 'Failed') {
    throw new AwsRemediationError({
      code: 'NAME_TAKEN',
      resource: ctx.label,
      message: `${appLabel(p)} exists in state Failed (${app.FailureReason ?? 'no reason given'}), so it cannot be created again. Delete it in Studio, then run the restore again.`,
    });
  }
  const tags = userTagList(p.tags);
  await awsCall(ctx, 'SageMaker.CreateApp', `Creating ${appLabel(p)} again`, () =>
    ctx.clients.sagemaker.send(
      new CreateAppCommand({
        DomainId: p.domainId,
        AppType: p.appType as AppType,
        AppName: p.appName,
        ...owner(p),
        ResourceSpec: p.resourceSpec as NonNullable<DescribeAppResponse['ResourceSpec']>,
        ...(tags.length ? { Tags: tags } : {}),
      }),
    ),
  );
}

async function waitInService(ctx: ActionContext, k: AppKey): Promise<void> {
  await waitFor(ctx, {
    what: `${appLabel(k)} to be InService`,
    poll: () => describe(ctx, k),
    done: (a) => a?.Status === 'InService',
    failed: (a) => (a?.Status === 'Failed' ? `it failed to start: ${a.FailureReason ?? 'no reason given'}` : gone(a) ? 'it was deleted' : undefined),
    describe: (a) => `it is ${a?.Status ?? 'gone'}`,
    onTimeout: 'It is still starting and will finish on its own; run the restore again to confirm.',
  });
}

export const deleteStudioApp = defineAction<Prior>({
  spec: deleteStudioAppSpec,
  kind: 'studio-app',
  priorSchema,
  async capture(ctx) {
    const { key, app } = await locate(ctx);
    const arn = app.AppArn ?? ctx.arn;
    const spec = app.ResourceSpec ?? {};
    const resourceSpec = Object.fromEntries(
      (['InstanceType', 'SageMakerImageArn', 'SageMakerImageVersionArn', 'SageMakerImageVersionAlias', 'LifecycleConfigArn'] as const)
        .filter((f) => spec[f] !== undefined)
        .map((f) => [f, String(spec[f])]),
    );
    return { prior: { ...key, resourceSpec, tags: await listResourceTags(ctx, arn) }, providerStatus: app.Status ?? 'Unknown' };
  },
  parkSteps: (ctx, p) => [{ name: 'delete-app', run: () => deleteApp(ctx, p) }],
  restoreSteps: (ctx, p) => [
    { name: 'create-app', run: () => createApp(ctx, p) },
    { name: 'wait-app-in-service', run: () => waitInService(ctx, p) },
  ],
});
