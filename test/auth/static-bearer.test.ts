import { describe, expect, it } from 'vitest';
import { StaticBearerAuth } from '../../src/auth/static-bearer.js';
import type { Authenticator } from '../../src/auth/types.js';

describe('StaticBearerAuth', () => {
  const request = { method: 'GET', url: new URL('https://api.x.com/2/tweets/20'), formParams: [] };

  it('sends the given token as a Bearer header and cannot renew it', async () => {
    const auth: Authenticator = new StaticBearerAuth('AAAA%2FAAA%3DAAAAAAAA');
    expect(auth.kind).toBe('bearer');
    expect(await auth.authorize(request)).toBe('Bearer AAAA%2FAAA%3DAAAAAAAA');
    expect(auth.recoverFromUnauthorized).toBeUndefined();
  });

  it('refuses an empty token or one that cannot go in a header, without quoting it', () => {
    expect(() => new StaticBearerAuth('')).toThrow(/bearerToken/);
    expect(() => new StaticBearerAuth('AAAA secret\n')).toThrow(/bearerToken/);
    expect(() => new StaticBearerAuth('AAAA secret\n')).not.toThrow(/AAAA/);
    expect(() => new StaticBearerAuth('Bearer AAAA')).toThrow(/without the "Bearer " prefix/);
  });
});
