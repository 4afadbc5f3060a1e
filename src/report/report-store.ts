import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportWeek } from './weekly-period';

/** SigV4 query signatures are valid for at most 7 days (AWS S3 User Guide, "Expiration time for presigned URLs"). */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** A link that would die within this margin of the session's end is cut short by it; below it we refuse to pretend. */
const SESSION_MARGIN_SECONDS = 60;

export class ReportStoreError extends Error {
  readonly code: 'REPORT_STORE_FAILED' | 'REPORT_LINK_FAILED';
  constructor(code: ReportStoreError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportStoreError';
    this.code = code;
  }
}

/** Object key by week (and owner): `<prefix>2026-W47/ml-cost-report.html`, `<prefix>2026-W47/owners/team-nlp.html`. */
export function reportKey(prefix: string, week: ReportWeek, owner?: string): string {
  if (owner === undefined) return `${prefix}${week.label}/ml-cost-report.html`;
  // Tag values may hold anything; keys keep to S3's "safe characters" so a link never needs odd escaping.
  const safe = owner.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200) || '_';
  return `${prefix}${week.label}/owners/${safe}.html`;
}

/**
 * Stores one report. SSE-S3 is asked for explicitly although the bucket defaults to it: the object is encrypted even
 * in a bucket someone configured by hand. `no-store`: a browser or proxy must not keep a copy of cost figures.
 */
export async function putReport(s3: S3Client, bucket: string, key: string, html: string): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: html,
        ContentType: 'text/html; charset=utf-8',
        ContentDisposition: 'inline',
        CacheControl: 'private, no-store',
        ServerSideEncryption: 'AES256',
      }),
    );
  } catch (err) {
    const e = err as Error;
    throw new ReportStoreError('REPORT_STORE_FAILED', `could not store the report at s3://${bucket}/${key}: ${e.name}: ${e.message}`, { cause: err });
  }
}

export interface ReportLink {
  url: string;
  /** When the link stops working: the requested lifetime, or earlier when the signing session ends first. */
  expiresAt: Date;
  /** True when the credentials' session, not the configured lifetime, decides `expiresAt`. */
  cutBySession: boolean;
  /**
   * Signed with temporary credentials whose end is not known (Lambda gives its role's keys and session token but no
   * expiry time): the link may stop before `expiresAt`, when that session ends.
   */
  sessionBound: boolean;
}

/**
 * A pre-signed GET link. With temporary credentials (a Lambda role) S3 refuses the link once the session token
 * expires, whatever its X-Amz-Expires says (S3 User Guide: a presigned URL created with temporary credentials expires
 * when the credentials do). So the link is signed for the shorter of the two and `expiresAt` is the truth to show.
 */
export async function presignReport(s3: S3Client, bucket: string, key: string, lifetimeSeconds: number, now: Date): Promise<ReportLink> {
  try {
    const wanted = Math.min(Math.max(1, Math.floor(lifetimeSeconds)), MAX_PRESIGN_SECONDS);
    const credentials = await s3.config.credentials();
    const sessionLeft = credentials.expiration ? Math.floor((credentials.expiration.getTime() - now.getTime()) / 1000) - SESSION_MARGIN_SECONDS : undefined;
    const cutBySession = sessionLeft !== undefined && sessionLeft < wanted;
    const expiresIn = Math.max(1, cutBySession ? sessionLeft : wanted);
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn, signingDate: now });
    const sessionBound = Boolean(credentials.sessionToken) && !credentials.expiration;
    return { url, expiresAt: new Date(now.getTime() + expiresIn * 1000), cutBySession, sessionBound };
  } catch (err) {
    const e = err as Error;
    throw new ReportStoreError('REPORT_LINK_FAILED', `could not sign a link to s3://${bucket}/${key}: ${e.name}: ${e.message}`, { cause: err });
  }
}
