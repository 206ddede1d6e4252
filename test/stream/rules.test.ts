// Stream rules through the typed helpers, against the sandbox.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InvalidRequestError, PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { addStreamRules, deleteStreamRules, getStreamRules } from '../../src/stream/index.js';

let sb: Sandbox;
let app: PeonyClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
});
afterAll(async () => {
  await sb.close();
  await app.close();
});

describe('stream rules', () => {
  it('adds, dry-runs, lists, reports duplicates and deletes by id and by value', async () => {
    const added = await addStreamRules(app, [{ value: 'cat has:images', tag: 'cats' }, 'dog']);
    expect(added.data.map((rule) => [rule.value, rule.tag])).toEqual([
      ['cat has:images', 'cats'],
      ['dog', undefined],
    ]);
    expect(added.meta.summary).toEqual({ created: 2, not_created: 0, valid: 2, invalid: 0 });

    const dry = await addStreamRules(app, ['fish'], { dryRun: true });
    expect(dry.meta.summary.created).toBe(1);
    const duplicate = await addStreamRules(app, ['dog', 'bird']);
    expect(duplicate.data.map((rule) => rule.value)).toEqual(['bird']);
    expect(duplicate.errors?.[0]?.title).toBe('DuplicateRule');

    const all = await getStreamRules(app);
    expect(all.map((rule) => rule.value)).toEqual(['cat has:images', 'dog', 'bird']);
    const catId = added.data[0]?.id ?? '';
    expect((await getStreamRules(app, { ids: [catId] })).map((rule) => rule.value)).toEqual([
      'cat has:images',
    ]);

    const dryDelete = await deleteStreamRules(app, { ids: [catId] }, { dryRun: true });
    expect(dryDelete.meta.summary).toEqual({ deleted: 1, not_deleted: 0 });
    expect(await getStreamRules(app)).toHaveLength(3);
    const byId = await deleteStreamRules(app, { ids: [catId, '1'] });
    expect(byId.meta.summary).toEqual({ deleted: 1, not_deleted: 1 });
    const byValue = await deleteStreamRules(app, { values: ['dog', 'bird'] });
    expect(byValue.meta.summary).toEqual({ deleted: 2, not_deleted: 0 });
    expect(await getStreamRules(app)).toEqual([]);
  });

  it('refuses empty input before sending, and reports an invalid rule as a BadRequestError', async () => {
    await expect(addStreamRules(app, [])).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(deleteStreamRules(app, {})).rejects.toBeInstanceOf(InvalidRequestError);
    // Said in the names the user called, client.streamRules.add and .delete.
    await expect(app.streamRules.add([])).rejects.toThrow(
      'streamRules.add() needs at least one rule, e.g. streamRules.add(["peony"]).',
    );
    await expect(app.streamRules.delete({})).rejects.toThrow(
      'streamRules.delete() needs the ids or the values of the rules to delete, e.g. { ids: [...] }.',
    );
    const error = await addStreamRules(app, ['ok', 'broken (']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(await getStreamRules(app)).toEqual([]);
  });
});
