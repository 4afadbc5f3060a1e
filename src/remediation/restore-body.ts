import { z } from 'zod';
import { resourceRefSchema } from './remediation-request';

/** `POST /restore` body: a restore token id, or the resource (full ref) whose latest token to restore. */
export const restoreBodySchema = z
  .strictObject({
    tokenId: z.string().min(1).max(512).optional(),
    ref: resourceRefSchema.optional(),
  })
  .refine((b) => b.tokenId !== undefined || b.ref !== undefined, { message: 'give tokenId (see `ml-watchdog actions`) or ref', path: ['tokenId'] });

export type RestoreTarget = z.infer<typeof restoreBodySchema>;

export function parseRestoreBody(raw: string):
  | { ok: true; target: { tokenId?: string; ref?: z.infer<typeof resourceRefSchema> } }
  | { ok: false; message: string; problems: { path: string; message: string }[] } {
  let body: unknown;
  try {
    body = raw.trim() ? JSON.parse(raw) : {};
  } catch (err) {
    return { ok: false, message: `the body is not valid JSON: ${(err as Error).message}`, problems: [] };
  }
  const r = restoreBodySchema.safeParse(body);
  if (!r.success) {
    const problems = r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
    return { ok: false, message: `fix these fields: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems };
  }
  return { ok: true, target: { ...(r.data.tokenId ? { tokenId: r.data.tokenId } : {}), ...(r.data.ref ? { ref: r.data.ref } : {}) } };
}
