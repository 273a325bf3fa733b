import type { Actor } from '@wbn/core/auth/actor';
import type { Core } from '@wbn/core/core';
import type { TestRuntime } from '@wbn/core/testing/test-runtime';

export const PASSWORD = 'correct horse battery staple 42';

let counter = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${++counter}`;

export interface Person {
  id: string;
  username: string;
  pseudonym: string;
  /** Who the services see acting, resolved from the person's session as the API resolves it. */
  actor: Actor;
}

/** Accounts made the way production makes them: sign-up, then the CLI's role service. */
export async function person(
  core: Core,
  prefix: string,
  roles: ('premium' | 'moderator' | 'operator')[] = [],
): Promise<Person> {
  const username = unique(prefix);
  const { user, token } = await core.auth.signup({ username, password: PASSWORD });
  for (const role of roles) await core.users.setRole(username, role, true);
  const actor = await core.auth.authenticate(token);
  // Writing in the community needs the guidelines accepted, as the app asks before a first post.
  await core.consent.update(actor, {
    purpose: 'community_guidelines',
    granted: true,
    policy_version: 1,
    source: 'app',
  });
  return { id: user.id, username, pseudonym: user.pseudonym, actor };
}

export interface ReportedPost {
  id: string;
  title: string;
  content: string;
  author: Person;
}

/**
 * A small community with a queue to work: three posts reported by members (one of them by enough
 * people to be hidden pending review), one flagged by a watched word, and a quiet reply thread.
 */
export async function seedQueue({ core, clock }: Pick<TestRuntime, 'core' | 'clock'>) {
  const categoryId = (await core.community.addCategory(unique('Coping'), 'Sharing what helps')).id;
  const [alex, sam, kim] = await Promise.all([
    person(core, 'alex', ['premium']),
    person(core, 'sam', ['premium']),
    person(core, 'kim', ['premium']),
  ]);
  const reporters = await Promise.all([1, 2, 3].map(() => person(core, 'reader')));
  const write = async (author: Person, title: string, content: string): Promise<ReportedPost> => {
    clock.advance(60_000);
    const created = await core.community.createPost(author.actor, {
      category_id: categoryId,
      title,
      content,
    });
    return { id: created.id, title, content, author };
  };
  const report = (by: Person, post: ReportedPost, reason: string) => {
    clock.advance(1_000);
    return core.moderation.report(by.actor, { content_type: 'post', id: post.id, reason });
  };

  const spam = await write(
    alex,
    'Buy cheap pills',
    'Visit my shop for cheap pills, best prices, no questions asked',
  );
  const rude = await write(
    sam,
    'Re: sleep tips',
    'Honestly, anyone who needs sleep tips is just lazy and weak',
  );
  const gloomy = await write(
    kim,
    'Rough week',
    'Everything feels hopeless this week, but I am trying the breathing',
  );
  const offTopic = await write(alex, 'My car', 'Anyone know a good mechanic near the station?');
  const answer = (by: Person, post: ReportedPost, content: string) => {
    clock.advance(30_000);
    return core.community.createReply(by.actor, { id: post.id, content });
  };
  await answer(sam, gloomy, 'Sending strength, it helps me too');
  await answer(kim, rude, 'That is not fair. Sleep trouble is common and nothing to be ashamed of.');
  await answer(alex, rude, 'What helped me: same wake-up time every day, even at weekends.');

  for (const reader of reporters) await report(reader, spam, 'Spam');
  await report(reporters[2] as Person, offTopic, 'Off topic');
  await report(reporters[0] as Person, rude, 'Harassment');
  await report(reporters[1] as Person, rude, 'Unkind');
  return { categoryId, spam, rude, gloomy, offTopic, people: { alex, sam, kim } };
}

/** A post whose words the crisis detector recognises: the system reports it, above everything. */
export async function seedCrisisPost({ core }: Pick<TestRuntime, 'core'>, categoryId: string) {
  const author = await person(core, 'quiet', ['premium']);
  const content = "I can't do this any more. I want to kill myself.";
  const created = await core.community.createPost(author.actor, {
    category_id: categoryId,
    title: 'Tonight',
    content,
  });
  return { id: created.id, content, author };
}

/**
 * A member banned by `banning`, who appeals the ban as the app lets them: any other moderator can
 * decide the appeal, `banning` cannot.
 */
export async function seedBanAppeal({ core, clock }: Pick<TestRuntime, 'core' | 'clock'>, banning: Person) {
  const banned = await person(core, 'appellant');
  const reason = 'Repeated insults in replies';
  await core.moderation.actOnUser(banning.actor, { id: banned.id, action: 'ban', reason });
  const [notice] = await core.moderation.listNotices(banned.id, { page: 1, limit: 1 });
  if (!notice) throw new Error('the ban left no notice');
  clock.advance(60_000);
  const text = 'I was quoting someone else, please read the whole thread.';
  const appeal = await core.appeals.appeal(banned.actor, { id: notice.id, text });
  return { banned, appeal, reason, text };
}
