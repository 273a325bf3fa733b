import { STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

/** Members with roles, made the way operators make them (the users service behind `pnpm admin user grant`). */
export interface Member {
  token: string;
  id: string;
  username: string;
  email: string;
  pseudonym: string;
}

export async function member(
  t: TestApp,
  roles: { premium?: boolean; moderator?: boolean } = {},
): Promise<Member> {
  const username = uniqueName('member');
  const email = `${username}@example.org`;
  const { token, user } = await t.signup(username, { email });
  if (roles.premium) await t.core.users.setRole(username, 'premium', true);
  if (roles.moderator) await t.core.users.setRole(username, 'moderator', true);
  // Writing in the community needs the guidelines accepted, as the app asks before a first post.
  const accepted = await t.api('PUT', '/api/user/consents/community_guidelines', {
    token,
    body: { granted: true, policy_version: 1, source: 'app' },
  });
  if (accepted.status !== 200)
    throw new Error(`consent failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { token, id: user.id, username, email, pseudonym: user.pseudonym };
}

/** A fresh access token (after the manual clock has moved past the old one's expiry). */
export async function login(t: TestApp, m: Member): Promise<string> {
  const res = await t.api('POST', '/api/auth/login', {
    body: { username: m.username, password: STRONG_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  m.token = res.body.token;
  return m.token;
}

export async function newCategory(t: TestApp): Promise<string> {
  return (await t.core.community.addCategory(uniqueName('Category'), 'for a test')).id;
}

export async function post(
  t: TestApp,
  m: Member,
  categoryId: string,
  title = 'A title',
  content = 'Some content',
) {
  t.clock.advance(1000);
  const res = await t.api('POST', '/api/community/post', {
    token: m.token,
    body: { category_id: categoryId, title, content },
  });
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; author_pseudonym: string; timestamp: string; title: string };
}

export async function reply(t: TestApp, m: Member, postId: string, content = 'A reply') {
  t.clock.advance(1000);
  const res = await t.api('POST', `/api/community/post/${postId}/reply`, {
    token: m.token,
    body: { content },
  });
  if (res.status !== 201) throw new Error(`reply failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; author_pseudonym: string; timestamp: string; content: string };
}

export function moderate(t: TestApp, mod: Member, id: string, body: Record<string, unknown>) {
  t.clock.advance(1000); // newest-first lists then have a well-defined order
  return t.api('POST', `/api/moderation/content/${id}`, { token: mod.token, body });
}
