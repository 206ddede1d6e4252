// Batch compliance jobs of one sandbox: created by an app, given an ids file through their upload URL, then
// processed (after PROCESSING_MS of sandbox time) into the JSON lines their download URL serves.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context.js';

export type JobType = 'tweets' | 'users';
export type JobStatus = 'created' | 'in_progress' | 'complete' | 'expired';

export interface ComplianceJob {
  readonly id: string;
  readonly appId: string;
  readonly type: JobType;
  readonly name?: string;
  readonly resumable: boolean;
  readonly createdAt: number;
  /** The secret the upload and download URLs carry, as a signed storage URL does. */
  readonly signature: string;
  uploadedAt?: number;
  /** What the download serves once complete: one JSON line per id that is no longer compliant. */
  results?: string;
}

/** X: the upload URL lives 15 minutes, the download URL a week (docs on batch compliance). */
export const UPLOAD_LIFETIME_MS = 15 * 60_000;
export const DOWNLOAD_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/** How long a job stays `in_progress` after its upload, in sandbox time (UNCONFIRMED: X takes minutes). */
export const PROCESSING_MS = 1000;
/** Deleted posts remembered for `redacted_at`; older deletions are reported without it. */
const DELETIONS_KEPT = 10_000;

export function statusOf(job: ComplianceJob, now: number): JobStatus {
  if (job.uploadedAt === undefined) return now > job.createdAt + UPLOAD_LIFETIME_MS ? 'expired' : 'created';
  if (now < job.uploadedAt + PROCESSING_MS) return 'in_progress';
  return now > job.createdAt + DOWNLOAD_LIFETIME_MS ? 'expired' : 'complete';
}

export class ComplianceJobs {
  readonly #jobs = new Map<string, ComplianceJob>();
  /** Post id → when it was deleted, newest last, capped. */
  readonly #deletions = new Map<string, number>();

  constructor(private readonly ctx: SandboxContext) {}

  create(appId: string, input: { type: JobType; name?: string; resumable: boolean }): ComplianceJob {
    const job: ComplianceJob = {
      id: this.ctx.nextId(),
      appId,
      type: input.type,
      ...(input.name !== undefined ? { name: input.name } : {}),
      resumable: input.resumable,
      createdAt: this.ctx.now(),
      signature: randomBytes(16).toString('hex'),
    };
    this.#jobs.set(job.id, job);
    return job;
  }

  get(id: string): ComplianceJob | undefined {
    return this.#jobs.get(id);
  }

  /** The app's jobs, newest first. */
  ofApp(appId: string): ComplianceJob[] {
    return [...this.#jobs.values()].filter((job) => job.appId === appId).reverse();
  }

  noteDeletion(postId: string, at: number): void {
    this.#deletions.set(postId, at);
    if (this.#deletions.size > DELETIONS_KEPT) {
      const oldest = this.#deletions.keys().next().value;
      if (oldest !== undefined) this.#deletions.delete(oldest);
    }
  }

  /** Takes the ids file and works out the job's results as they stand now. */
  receive(job: ComplianceJob, file: string, postExists: (id: string) => boolean): void {
    const ids = [...new Set(file.split(/\r?\n/).map((line) => line.trim()))].filter((id) =>
      /^[0-9]{1,19}$/.test(id),
    );
    const lines: string[] = [];
    for (const id of ids) {
      const line = job.type === 'tweets' ? this.#postResult(id, postExists) : this.#userResult(id);
      if (line) lines.push(JSON.stringify(line));
    }
    job.uploadedAt = this.ctx.now();
    job.results = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }

  #postResult(id: string, postExists: (id: string) => boolean): Record<string, unknown> | undefined {
    if (postExists(id)) return undefined;
    const deletedAt = this.#deletions.get(id);
    return {
      id,
      action: 'delete',
      created_at: snowflakeTime(id),
      ...(deletedAt !== undefined ? { redacted_at: new Date(deletedAt).toISOString() } : {}),
      reason: 'deleted',
    };
  }

  #userResult(id: string): Record<string, unknown> | undefined {
    const user = this.ctx.store.users.get(id);
    if (user && !user.protected) return undefined;
    return {
      id,
      action: 'delete',
      created_at: user ? new Date(user.createdAt).toISOString() : snowflakeTime(id),
      reason: user ? 'protected' : 'deactivated',
    };
  }
}

/** The time a snowflake id was made (X's epoch 2010-11-04T01:42:54.657Z, 22 bits of sequence). */
function snowflakeTime(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + 1288834974657n)).toISOString();
}

export function complianceJobsOf(ctx: SandboxContext): ComplianceJobs {
  return ctx.state('compliance-jobs', () => new ComplianceJobs(ctx));
}
