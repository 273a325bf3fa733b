import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@wbn/core/testing/wait';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ban, seedEverything, trpc } from './account-helpers.ts';
import { member, newCategory, post, reply } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'wbn-deletion-'));
  t = await createTestApp({ env: { JOURNAL_KEY_FILE: path.join(scratch, 'keys.json') } });
});
afterAll(async () => t?.close());

const countOf = async (
  table:
    | 'checkins'
    | 'journal_entries'
    | 'cbt_entries'
    | 'interaction_logs'
    | 'notification_sends'
    | 'journal_data_keys',
  userId: string,
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('DELETE /api/user/data', () => {
  it('deletes the chosen types in one go and keeps the rest and the account (REST, query input)', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    const res = await t.api('DELETE', '/api/user/data?types=journal,checkins,notifications', {
      token: session.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ journal: 2, checkins: 1, notifications: 1 });
    expect(await countOf('journal_entries', session.user.id)).toBe(0);
    expect(await countOf('journal_data_keys', session.user.id)).toBe(0);
    expect(await countOf('checkins', session.user.id)).toBe(0);
    expect(await countOf('notification_sends', session.user.id)).toBe(0);
    expect(await countOf('cbt_entries', session.user.id)).toBe(1);
    expect(await countOf('interaction_logs', session.user.id)).toBe(1);
    expect((await t.api('GET', '/api/user/profile', { token: session.token })).status).toBe(200);
    // A new journal entry after the key was deleted works (a new key is made).
    const again = await t.api('POST', '/api/journal', {
      token: session.token,
      body: { content: 'starting over', timestamp: t.clock.now().toISOString() },
    });
    expect(again.status).toBe(201);
  });

  it('takes the input as a JSON body too (REST), which a query then cannot widen', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    const res = await t.api('DELETE', '/api/user/data?types=cbt', {
      token: session.token,
      body: { types: ['journal', 'interactions'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ journal: 2, interactions: 1 });
    expect(await countOf('cbt_entries', session.user.id)).toBe(1);
    expect(await countOf('checkins', session.user.id)).toBe(1);
    const unknown = await t.api('DELETE', '/api/user/data', {
      token: session.token,
      body: { types: ['everything'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues.map((i: { path: string }) => i.path)).toEqual(['types.0']);
    expect((await t.api('DELETE', '/api/user/data', { token: session.token, body: {} })).status).toBe(400);
    expect((await t.api('DELETE', '/api/user/data', { token: session.token, body: [] })).status).toBe(400);
    expect(await countOf('cbt_entries', session.user.id)).toBe(1);
  });

  it('documents the JSON body of the DELETE next to its query form', async () => {
    const document = (await t.api('GET', '/openapi.json')).body;
    const operation = document.paths['/user/data'].delete;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['types', 'community']);
    const schema = operation.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['types']);
    expect(schema.properties.types.items.enum).toContain('journal');
    expect(schema.properties.community.enum).toEqual(['delete', 'anonymise']);
    // A DELETE whose only input is its path takes no body.
    expect(document.paths['/auth/sessions/{id}'].delete.requestBody).toBeUndefined();
  });

  it('over tRPC too, and refuses unknown types with 400', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    const res = await trpc(t, 'mutation', 'user.deleteData', {
      token: session.token,
      input: { types: ['cbt', 'interactions'] },
    });
    expect(res.status).toBe(200);
    expect(res.data.counts).toEqual({ cbt: 1, interactions: 1 });
    expect((await t.api('DELETE', '/api/user/data?types=everything', { token: session.token })).status).toBe(
      400,
    );
    expect((await t.api('DELETE', '/api/user/data', { token: session.token })).status).toBe(400);
  });

  it('rolls everything back when one part fails', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    await sql`CREATE OR REPLACE FUNCTION refuse_cbt_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER refuse_cbt_delete BEFORE DELETE ON cbt_entries FOR EACH ROW EXECUTE FUNCTION refuse_cbt_delete()`.execute(
      t.db,
    );
    try {
      const res = await t.api('DELETE', '/api/user/data?types=checkins,cbt', { token: session.token });
      expect(res.status).toBe(500);
      expect(await countOf('checkins', session.user.id)).toBe(1);
    } finally {
      await sql`DROP TRIGGER refuse_cbt_delete ON cbt_entries`.execute(t.db);
    }
  });

  it('community: delete removes their posts and replies but keeps threads others replied to, blanked', async () => {
    const category = await newCategory(t);
    const author = await member(t, { premium: true });
    const other = await member(t, { premium: true });
    const lonely = await post(t, author, category, 'alone', 'nobody answered');
    const busy = await post(t, author, category, 'busy', 'people answered');
    await reply(t, other, busy.id, 'an answer from someone else');
    await reply(t, author, busy.id, 'my own answer');
    const res = await t.api('DELETE', '/api/user/data?types=community', { token: author.token });
    expect(res.body.counts).toEqual({ community_posts: 2, community_replies: 1 });
    const posts = await t.db
      .selectFrom('community_posts')
      .selectAll()
      .where('id', 'in', [lonely.id, busy.id])
      .execute();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      id: busy.id,
      title: '',
      content: '',
      author_pseudonym: 'former member',
    });
    const replies = await t.db
      .selectFrom('community_replies')
      .select(['content', 'author_user_id'])
      .where('post_id', '=', busy.id)
      .execute();
    expect(replies).toEqual([{ content: 'an answer from someone else', author_user_id: other.id }]);
  });

  it.each([
    ['the query', '/api/user/data?types=community&community=anonymise', undefined],
    ['a JSON body', '/api/user/data', { types: ['community'], community: 'anonymise' }],
  ])(
    'community: anonymise (asked in %s) keeps posts and replies under "former member"',
    async (_form, url, body) => {
      const category = await newCategory(t);
      const author = await member(t, { premium: true });
      const kept = await post(t, author, category, 'kept', 'still useful');
      const res = await t.api('DELETE', url, { token: author.token, body });
      expect(res.status).toBe(200);
      expect(res.body.counts).toEqual({ community_posts_anonymised: 1, community_replies_anonymised: 0 });
      const row = await t.db
        .selectFrom('community_posts')
        .selectAll()
        .where('id', '=', kept.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ content: 'still useful', author_pseudonym: 'former member' });
      const shown = await t.api('GET', `/api/community/post/${kept.id}`, { token: author.token });
      expect(JSON.stringify(shown.body)).not.toContain(author.pseudonym);
    },
  );

  it("never touches another user's rows", async () => {
    const mine = await t.signup();
    const theirs = await t.signup();
    await seedEverything(t, mine);
    await seedEverything(t, theirs);
    await t.api('DELETE', '/api/user/data?types=journal,checkins,cbt,interactions,notifications,community', {
      token: mine.token,
    });
    for (const table of [
      'checkins',
      'journal_entries',
      'cbt_entries',
      'interaction_logs',
      'notification_sends',
    ] as const) {
      expect(await countOf(table, theirs.user.id), table).toBeGreaterThan(0);
    }
  });

  it('stays open to a banned person, as does account deletion', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    await ban(t, session.user.id);
    await waitFor(
      async () => (await t.api('GET', '/api/user/profile', { token: session.token })).status === 403,
      'the ban',
    );
    expect((await t.api('DELETE', '/api/user/data?types=checkins', { token: session.token })).status).toBe(
      200,
    );
    expect((await t.api('GET', '/api/user/activity', { token: session.token })).status).toBe(200);
    const gone = await t.api('DELETE', '/api/user/profile', { token: session.token });
    expect(gone.status).toBe(200);
    expect(gone.body.counts.journal_entries).toBe(2);
  });
});
