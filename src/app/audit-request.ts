import { z } from 'zod';
import { CLOUDS } from '../domain/cloud';
import { FINDING_KINDS } from '../domain/finding';

/** Largest audit request body accepted over HTTP; anything bigger is a 413 (the filters are tiny). */
export const MAX_AUDIT_BODY_BYTES = 16 * 1024;

/** Narrowing filters of an on-demand audit; all optional, an empty body audits everything configured. */
export const auditRequestSchema = z.strictObject({
  clouds: z.array(z.enum(CLOUDS)).min(1).max(3).optional().describe('Only these clouds.'),
  regions: z.array(z.string().min(1).max(64)).min(1).max(50).optional().describe('Only these regions/locations.'),
  kinds: z.array(z.enum(FINDING_KINDS)).min(1).optional().describe('Only these finding kinds.'),
  minMonthlyCost: z.number().min(0).optional().describe('Drop findings whose monthly cost is below this.'),
});

export type AuditRequest = z.infer<typeof auditRequestSchema>;

export interface RequestProblem {
  path: string;
  message: string;
}

/** Validates a parsed body; problems name the field and what is expected. */
export function parseAuditRequest(body: unknown): { ok: true; request: AuditRequest } | { ok: false; problems: RequestProblem[] } {
  const res = auditRequestSchema.safeParse(body ?? {});
  if (res.success) return { ok: true, request: res.data };
  return {
    ok: false,
    problems: res.error.issues.map((i) => ({
      path: i.path.length ? i.path.map(String).join('.') : '(body)',
      message: i.message,
    })),
  };
}
