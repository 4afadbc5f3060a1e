import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PRESIGN_SECONDS, presignReport, putReport, ReportStoreError, reportKey } from '../../../src/report/report-store';
import { lastFullWeek } from '../../../src/report/weekly-period';
import { startFakeS3, type FakeS3 } from '../../support/fake-report-services';

const NOW = new Date('2026-11-23T08:00:00Z');
const WEEK = lastFullWeek(NOW);

describe('report store', () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(() => s3.close());
  const client = (credentials: NonNullable<ConstructorParameters<typeof S3Client>[0]>['credentials']) => new S3Client({ endpoint: s3.url, forcePathStyle: true, region: 'eu-west-1', credentials });

  it('keys reports by ISO week and owner, with owner names made safe', () => {
    expect(reportKey('reports/', WEEK)).toBe('reports/2026-W47/ml-cost-report.html');
    expect(reportKey('', WEEK, 'team nlp/../x')).toBe('2026-W47/owners/team_nlp_.._x.html');
  });

  it('signs for the configured lifetime with long-term keys, capped at 7 days', async () => {
    const c = client({ accessKeyId: 'AKID', secretAccessKey: 's' });
    const link = await presignReport(c, 'b', 'k.html', 12 * 3600, NOW);
    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('43200');
    expect(link).toMatchObject({ expiresAt: new Date(NOW.getTime() + 12 * 3600_000), cutBySession: false, sessionBound: false });
    const max = await presignReport(c, 'b', 'k.html', 30 * 86_400, NOW);
    expect(new URL(max.url).searchParams.get('X-Amz-Expires')).toBe(String(MAX_PRESIGN_SECONDS));
  });

  it('with temporary credentials (a Lambda role) the link ends with the session, and says so', async () => {
    const expiration = new Date(NOW.getTime() + 2 * 3600_000);
    const c = client({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 'token', expiration });
    const link = await presignReport(c, 'b', 'k.html', 12 * 3600, NOW);
    const q = new URL(link.url).searchParams;
    expect(q.get('X-Amz-Security-Token')).toBe('token');
    expect(q.get('X-Amz-Expires')).toBe(String(2 * 3600 - 60));
    expect(link.cutBySession).toBe(true);
    expect(link.expiresAt.getTime()).toBeLessThan(expiration.getTime());
  });

  it('Lambda-style credentials (session token, no expiry given) are flagged: the link may end earlier', async () => {
    const link = await presignReport(client({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 'token' }), 'b', 'k.html', 12 * 3600, NOW);
    expect(link).toMatchObject({ cutBySession: false, sessionBound: true });
    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('43200');
  });

  it('a refused upload is a ReportStoreError naming the bucket and key and S3 code, no credentials', async () => {
    s3.failPuts = 'AccessDenied';
    try {
      const err = await putReport(client({ accessKeyId: 'AKID', secretAccessKey: 'topsecret' }), 'b', 'k.html', '<html></html>').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportStoreError);
      expect((err as Error).message).toMatch(/s3:\/\/b\/k\.html: AccessDenied/);
      expect((err as Error).message).not.toContain('topsecret');
    } finally {
      delete s3.failPuts;
    }
  });
});
