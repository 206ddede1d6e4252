// v2 batch compliance: create a job, list the app's jobs, look one up (app-only bearer, as the document says),
// and the job's upload and download URLs, served by the sandbox itself in place of X's signed storage URLs, so
// a bot's whole flow (create, PUT the ids file, poll, GET the results) runs locally.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addressedOrigin } from '../addressed-origin.js';
import { invalidRequest, onEventsUntilClose, type SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { guard } from '../v2-kit/guard.js';
import { listBody, notFound } from '../v2-kit/problems.js';
import {
  type ComplianceJob,
  complianceJobsOf,
  DOWNLOAD_LIFETIME_MS,
  type JobType,
  statusOf,
  UPLOAD_LIFETIME_MS,
} from './job-store.js';

const APP_ONLY = { need: 'app', scopes: [] } as const;
const STORAGE = '/compliance-storage';

export function registerComplianceRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const jobs = complianceJobsOf(ctx);
  const tweets = tweetService(ctx);
  const onDelete = (tweet: StoredTweet) => jobs.noteDeletion(tweet.id, ctx.now());
  onEventsUntilClose(ctx, { 'tweet-deleted': onDelete });

  /** Every member of the document's ComplianceJob, whatever `compliance_job.fields` asks (UNCONFIRMED). */
  const render = (job: ComplianceJob, request: FastifyRequest) => {
    const { scheme, host } = addressedOrigin(request, ctx.options.trustProxy);
    const url = (kind: string) =>
      `${scheme}://${host}${STORAGE}/${kind}/${job.id}?signature=${job.signature}`;
    return {
      id: job.id,
      type: job.type,
      ...(job.name !== undefined ? { name: job.name } : {}),
      resumable: job.resumable,
      created_at: new Date(job.createdAt).toISOString(),
      status: statusOf(job, ctx.now()),
      upload_url: url('upload'),
      upload_expires_at: new Date(job.createdAt + UPLOAD_LIFETIME_MS).toISOString(),
      download_url: url('download'),
      download_expires_at: new Date(job.createdAt + DOWNLOAD_LIFETIME_MS).toISOString(),
    };
  };

  app.post('/2/compliance/jobs', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/compliance/jobs', APP_ONLY);
    // The document's check has made the body `{type, name?, resumable?}` with `type` tweets or users.
    const body = request.body as { type: JobType; name?: string; resumable?: boolean };
    const now = ctx.now();
    const busy = jobs
      .ofApp(auth.app.id)
      .find((job) => job.type === body.type && ['created', 'in_progress'].includes(statusOf(job, now)));
    if (busy) {
      throw invalidRequest(
        `A ${body.type} compliance job (${busy.id}) is already running for this app; wait for it to complete or expire.`,
        { type: [body.type] },
      );
    }
    const job = jobs.create(auth.app.id, {
      type: body.type,
      ...(body.name !== undefined ? { name: body.name } : {}),
      resumable: body.resumable ?? false,
    });
    return { data: render(job, request) };
  });

  app.get('/2/compliance/jobs', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/compliance/jobs', APP_ONLY);
    const params = ctx.params(request);
    const now = ctx.now();
    const found = jobs
      .ofApp(auth.app.id)
      .filter((job) => job.type === params['type'])
      .filter((job) => params['status'] === undefined || statusOf(job, now) === params['status']);
    return listBody(
      found.map((job) => render(job, request)),
      { meta: { result_count: found.length } },
    );
  });

  app.get<{ Params: { id: string } }>('/2/compliance/jobs/:id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/compliance/jobs/:id', APP_ONLY);
    const job = jobs.get(request.params.id);
    // Another app's job is as unknown as one that never was.
    if (!job || job.appId !== auth.app.id) {
      return { errors: [notFound(request.params.id, 'id', 'compliance_job')] };
    }
    return { data: render(job, request) };
  });

  const storageRefusal = (reply: FastifyReply, status: number, message: string) =>
    reply.code(status).type('text/plain; charset=utf-8').send(message);

  /** The job a storage URL names, if its signature is right (else the answer was sent). */
  const storageJob = (
    request: FastifyRequest<{ Params: { id: string }; Querystring: { signature?: string } }>,
    reply: FastifyReply,
  ): ComplianceJob | undefined => {
    const job = jobs.get(request.params.id);
    if (!job || request.query.signature !== job.signature) {
      storageRefusal(reply, 403, 'AccessDenied: the signature of this URL does not match.');
      return undefined;
    }
    return job;
  };

  app.register(async (storage) => {
    // An ids file may come as text/plain (twitter-api-v2) or as bytes (curl --upload-file).
    storage.addContentTypeParser('application/octet-stream', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    storage.put<{ Params: { id: string }; Querystring: { signature?: string } }>(
      `${STORAGE}/upload/:id`,
      async (request, reply) => {
        const job = storageJob(request, reply);
        if (!job) return reply;
        const status = statusOf(job, ctx.now());
        if (status === 'expired')
          return storageRefusal(reply, 400, 'ExpiredToken: the upload URL has expired.');
        if (status !== 'created')
          return storageRefusal(reply, 409, 'The job has already received its ids file.');
        const body: unknown = request.body;
        // A file of one JSON-looking line was parsed as JSON by the text/plain parser: ids are numbers there.
        const file = typeof body === 'string' ? body : Array.isArray(body) ? body.join('\n') : '';
        jobs.receive(job, file, (id) => tweets.store.get(id) !== undefined);
        return reply.code(200).send();
      },
    );
    storage.get<{ Params: { id: string }; Querystring: { signature?: string } }>(
      `${STORAGE}/download/:id`,
      async (request, reply) => {
        const job = storageJob(request, reply);
        if (!job) return reply;
        const status = statusOf(job, ctx.now());
        if (status === 'expired')
          return storageRefusal(reply, 400, 'ExpiredToken: the download URL has expired.');
        if (status !== 'complete')
          return storageRefusal(reply, 404, 'NoSuchKey: the job has no results yet.');
        return reply
          .code(200)
          .type('application/octet-stream')
          .send(job.results ?? '');
      },
    );
  });
}
