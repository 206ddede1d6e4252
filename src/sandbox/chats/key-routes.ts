// v2 X Chat public keys: a user registers their own (identity and signing keys, versioned), anyone in user
// context reads them, one user's every version or many users' newest. The sandbox stores keys as given.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { listParam } from '../v2-kit/fields.js';
import { callerOf, guard, requireSelf } from '../v2-kit/guard.js';
import { listBody, notFound } from '../v2-kit/problems.js';
import { renderPublicKey } from './chat-render.js';
import { requireBase64, requiredBody } from './chat-rules.js';
import type { ChatStore } from './chat-store.js';

const READ = { need: 'user', scopes: ['dm.read', 'tweet.read', 'users.read'] } as const;
const WRITE = { need: 'user', scopes: ['dm.write', 'tweet.read', 'users.read'] } as const;

interface AddKeyBody {
  version: string;
  generate_version?: boolean;
  public_key: {
    public_key?: string;
    signing_public_key?: string;
    identity_public_key_signature?: string;
    signing_public_key_signature?: string;
    public_key_fingerprint?: string;
    registration_method?: string;
  };
}

export function registerKeyRoutes(app: FastifyInstance, ctx: SandboxContext, chats: ChatStore): void {
  app.post<{ Params: { id: string } }>('/2/users/:id/public_keys', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/users/:id/public_keys', WRITE);
    const user = requireSelf(auth, request.params.id);
    const body = requiredBody<AddKeyBody>(request.body);
    const given = body.public_key;
    if (given.public_key === undefined || given.public_key === '') {
      throw invalidRequest('`public_key.public_key` (the identity public key, base64) is required.', {
        'public_key.public_key': [],
      });
    }
    requireBase64('public_key.public_key', given.public_key);
    if (given.signing_public_key !== undefined) {
      requireBase64('public_key.signing_public_key', given.signing_public_key);
    }
    const existing = chats.publicKeys(user.id);
    // A generated version is one past the highest numeric version the user has (UNCONFIRMED).
    const highest = existing.reduce(
      (max, key) => (/^[0-9]+$/.test(key.version) && BigInt(key.version) > max ? BigInt(key.version) : max),
      0n,
    );
    const version = body.generate_version === true ? String(highest + 1n) : body.version;
    if (version === '' || existing.some((key) => key.version === version)) {
      throw invalidRequest(`Public key version [${version}] is empty or already registered.`, {
        version: [version],
      });
    }
    chats.addPublicKey(user.id, {
      version,
      publicKey: given.public_key,
      ...(given.signing_public_key !== undefined ? { signingPublicKey: given.signing_public_key } : {}),
      ...(given.identity_public_key_signature !== undefined
        ? { identityPublicKeySignature: given.identity_public_key_signature }
        : {}),
      ...(given.signing_public_key_signature !== undefined
        ? { signingPublicKeySignature: given.signing_public_key_signature }
        : {}),
      ...(given.public_key_fingerprint !== undefined ? { fingerprint: given.public_key_fingerprint } : {}),
      ...(given.registration_method !== undefined ? { registrationMethod: given.registration_method } : {}),
      createdAt: ctx.now(),
    });
    return { data: { public_key_version: version } };
  });

  app.get<{ Params: { id: string } }>('/2/users/:id/public_keys', async (request, reply) => {
    callerOf(await guard(ctx, request, reply, 'GET /2/users/:id/public_keys', READ));
    const id = request.params.id;
    if (!ctx.store.users.has(id)) return { errors: [notFound(id, 'id', 'user')] };
    const fields = listParam(ctx.params(request), 'public_key.fields');
    return listBody(chats.publicKeys(id).map((key) => renderPublicKey(key, fields)));
  });

  app.get('/2/users/public_keys', async (request, reply) => {
    callerOf(await guard(ctx, request, reply, 'GET /2/users/public_keys', READ));
    const params = ctx.params(request);
    const fields = listParam(params, 'public_key.fields');
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    // One key per user, their newest, in the order of `ids` (PublicKey carries no user id).
    for (const id of [...listParam(params, 'ids')]) {
      const newest = chats.publicKeys(id)[0];
      if (!ctx.store.users.has(id)) errors.push(notFound(id, 'ids', 'user'));
      else if (!newest) errors.push(notFound(id, 'ids', 'public_key'));
      else data.push(renderPublicKey(newest, fields));
    }
    return listBody(data, errors.length > 0 ? { errors } : {});
  });
}
