import { CreateAppCommand, DeleteAppCommand, DescribeAppCommand, ListTagsCommand, type AppStatus, type DescribeAppRequest } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteStudioAppSpec } from '../../../../../src/providers/aws/remediation/actions/delete-studio-app';
import { awsError, awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, writeCalls } from './support';

const ref = awsRef('studio-app', 'd-7xk2mfq9lz1p/alex-chen/KernelGateway/datascience-1-0-ml-g5-2xlarge-4f2a9c');
const APP_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:app/d-7xk2mfq9lz1p/alex-chen/KernelGateway/datascience-1-0-ml-g5-2xlarge-4f2a9c';

/** A user-profile app: Deleting -> Deleted after one describe, Pending -> InService after two. */
function fakeApp(initial: AppStatus | 'gone' = 'InService', owner: 'user' | 'space' = 'user') {
  const app = { status: initial, polls: 0 };
  sm.on(DescribeAppCommand).callsFake((input: DescribeAppRequest) => {
    const mine = owner === 'user' ? input.UserProfileName === 'alex-chen' : input.SpaceName === 'alex-chen';
    app.polls += 1;
    if (app.status === 'Deleting' && app.polls > 1) app.status = 'Deleted';
    if (app.status === 'Pending' && app.polls > 2) app.status = 'InService';
    if (!mine || app.status === 'gone') throw awsError('ResourceNotFound', `App [${input.AppName}] of type [${input.AppType}] does not exist.`);
    return {
      AppArn: APP_ARN,
      DomainId: input.DomainId,
      ...(owner === 'user' ? { UserProfileName: 'alex-chen' } : { SpaceName: 'alex-chen' }),
      AppType: 'KernelGateway',
      AppName: input.AppName,
      Status: app.status,
      ResourceSpec: { InstanceType: 'ml.g5.2xlarge', SageMakerImageArn: 'arn:aws:sagemaker:us-east-1:081325390199:image/datascience-1.0' },
    };
  });
  sm.on(ListTagsCommand).resolves({ Tags: [{ Key: 'owner', Value: 'team-search' }] });
  sm.on(DeleteAppCommand).callsFake(() => {
    app.status = 'Deleting';
    app.polls = 0;
    return {};
  });
  sm.on(CreateAppCommand).callsFake(() => {
    if (app.status !== 'Deleted' && app.status !== 'gone') throw awsError('ResourceInUse', 'App already exists');
    app.status = 'Pending';
    app.polls = 0;
    return { AppArn: APP_ARN };
  });
  return app;
}

beforeEach(resetMocks);

describe('delete-studio-app', () => {
  it('captures the ResourceSpec and tags, deletes the app, recreates it with the same spec and waits until InService', async () => {
    const app = fakeApp();
    const r = remediator();
    const { prior, providerStatus } = await r.capture(ref, 'delete-studio-app');
    expect(providerStatus).toBe('InService');
    expect(prior).toEqual({
      domainId: 'd-7xk2mfq9lz1p',
      userProfileName: 'alex-chen',
      appType: 'KernelGateway',
      appName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c',
      resourceSpec: { InstanceType: 'ml.g5.2xlarge', SageMakerImageArn: 'arn:aws:sagemaker:us-east-1:081325390199:image/datascience-1.0' },
      tags: { owner: 'team-search' },
    });
    await r.park(token(ref, 'delete-studio-app', prior), stepLog().onStep);
    expect(app.status).toBe('Deleting');

    const restore = stepLog();
    const { restoreSeconds } = await r.restore(token(ref, 'delete-studio-app', prior), restore.onStep);
    expect(restore.steps).toEqual(['create-app', 'wait-app-in-service']);
    expect(app.status).toBe('InService');
    expect(restoreSeconds).toBe(60);
    expect(sm.commandCalls(CreateAppCommand)[0]!.args[0].input).toEqual({
      DomainId: 'd-7xk2mfq9lz1p',
      UserProfileName: 'alex-chen',
      AppType: 'KernelGateway',
      AppName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c',
      ResourceSpec: { InstanceType: 'ml.g5.2xlarge', SageMakerImageArn: 'arn:aws:sagemaker:us-east-1:081325390199:image/datascience-1.0' },
      Tags: [{ Key: 'owner', Value: 'team-search' }],
    });
    expect(writeCalls()).toEqual(['sagemaker:DeleteApp', 'sagemaker:CreateApp']);
    expectDeclared(deleteStudioAppSpec);
  });

  it('finds apps that belong to a space', async () => {
    fakeApp('InService', 'space');
    const { prior } = await remediator().capture(ref, 'delete-studio-app');
    expect(prior).toMatchObject({ spaceName: 'alex-chen' });
    expect(prior).not.toHaveProperty('userProfileName');
  });

  it('is idempotent: a Deleted app is not deleted again, an InService one is not created again', async () => {
    const app = fakeApp('Deleted');
    const prior = { domainId: 'd-7xk2mfq9lz1p', userProfileName: 'alex-chen', appType: 'KernelGateway', appName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c', resourceSpec: {}, tags: {} };
    await remediator().park(token(ref, 'delete-studio-app', prior), stepLog().onStep);
    app.status = 'InService';
    await remediator().restore(token(ref, 'delete-studio-app', prior), stepLog().onStep);
    expect(writeCalls()).toEqual([]);
  });

  it('rejects a ref whose name is not domain/owner/type/app', async () => {
    await expect(remediator().capture({ ...ref, name: 'not-an-app' }, 'delete-studio-app')).rejects.toMatchObject({ code: 'WRONG_RESOURCE' });
  });
});
