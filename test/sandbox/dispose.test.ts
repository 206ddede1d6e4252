import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';

describe('startSandbox with await using', () => {
  it('closes the sandbox when the scope ends, releasing its port', async () => {
    let url = '';
    {
      await using sb = await startSandbox({ port: 0 });
      url = sb.url;
      expect((await request(`${url}/__sandbox/health`)).statusCode).toBe(200);
    }
    await expect(request(`${url}/__sandbox/health`)).rejects.toThrow();
  });
});
