import type {
  CategoryPosts,
  CategoryPostsInput,
  CommunityCategory,
  Post,
  PostCreated,
  PostCreateInput,
  PostInput,
  ReplyCreated,
  ReplyCreateInput,
} from '@wbn/contracts/community';
import { CRISIS_REPORT_REASON } from '@wbn/contracts/safety';
import { type Actor, assertPremium } from '../auth/actor.ts';
import type { VersionedCache } from '../cache/versioned-cache.ts';
import type { Clock } from '../clock.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { isUniqueViolation } from '../db/pg-errors.ts';
import { AppError, notFound } from '../errors.ts';
import type { ModerationRepository } from '../moderation/moderation.repository.ts';
import type { WatchedWords } from '../moderation/watched-words.ts';
import type { SupportService } from '../safety/support.service.ts';
import type { CommunityRepository } from './community.repository.ts';

/** Above reports on items hidden pending review (1): someone may need a moderator to reach out now. */
export const CRISIS_REPORT_PRIORITY = 2;

interface Deps {
  db: Db;
  clock: Clock;
  community: CommunityRepository;
  moderation: ModerationRepository;
  watchedWords: WatchedWords;
  categoriesCache: VersionedCache;
  /** Writing in the community requires the guidelines to have been accepted (checked in the ledger). */
  consent: Pick<ConsentService, 'require'>;
  support: Pick<SupportService, 'detect' | 'offer'>;
}

type CategoryRow = Awaited<ReturnType<CommunityRepository['listCategories']>>[number];

export function createCommunityService(deps: Deps) {
  const { db, clock, community, moderation, watchedWords, categoriesCache, consent, support } = deps;
  /**
   * Categories change a few times a year, by an operator: cached for COMMUNITY_CATEGORY_CACHE_SECONDS.
   * The admin commands invalidate the cache; with REDIS_URL every API process sees that at once.
   */
  function categories(): Promise<CategoryRow[]> {
    return categoriesCache.getOrLoad('all', () => community.listCategories(db));
  }

  async function requireAuthor(tx: DbOrTx, userId: string) {
    const author = await community.findAuthor(tx, userId);
    if (!author) throw notFound('User');
    if (author.silenced_until && author.silenced_until > clock.now()) {
      throw new AppError(
        'FORBIDDEN',
        `A moderator has paused your posting until ${author.silenced_until.toISOString()}; you can still read`,
        { reason: 'ACCOUNT_SILENCED' },
      );
    }
    await consent.require(tx, userId, 'community_guidelines');
    return author;
  }

  /** Refuses blocked words; returns the word when the text may go through but must be reviewed. */
  function screen(field: string, ...texts: string[]): string | undefined {
    const result = watchedWords.check(...texts);
    if (result.verdict === 'block') {
      const message = 'contains language that is not allowed in the community';
      throw new AppError('VALIDATION', `${field} ${message}`, {
        reason: 'CONTENT_BLOCKED',
        issues: [{ path: field, message }],
      });
    }
    return result.verdict === 'flag' ? result.word : undefined;
  }

  async function flagForReview(tx: DbOrTx, kind: 'post' | 'reply', id: string, word: string, now: Date) {
    await moderation.insertReport(tx, {
      reporter_user_id: null,
      content_type: kind,
      content_id: id,
      reason: `Watched word: "${word}"`,
      timestamp: now,
      weight: 0,
    });
  }

  /**
   * Crisis language in the forum: the author is offered help and a moderator is asked to reach out,
   * through a system report at the front of the queue. It weighs nothing (it never hides the item)
   * and the text stays up: nothing is blocked for this.
   */
  async function reportCrisis(tx: DbOrTx, kind: 'post' | 'reply', id: string, now: Date) {
    await moderation.insertReport(tx, {
      reporter_user_id: null,
      content_type: kind,
      content_id: id,
      reason: CRISIS_REPORT_REASON,
      timestamp: now,
      weight: 0,
      priority: CRISIS_REPORT_PRIORITY,
    });
  }

  function conflictOnName(error: unknown): unknown {
    return isUniqueViolation(error, 'community_categories_name_key')
      ? new AppError('CONFLICT', 'A category with that name already exists')
      : error;
  }

  return {
    async listCategories(): Promise<CommunityCategory[]> {
      return (await categories())
        .filter((c) => !c.archived_at)
        .map((c) => ({ id: c.id, name: c.name, description: c.description }));
    },

    async listPosts(input: CategoryPostsInput): Promise<CategoryPosts> {
      const category = await community.findCategory(db, input.id);
      if (!category) throw notFound('Category');
      const offset = (input.page - 1) * input.limit;
      const rows =
        offset >= category.visible_post_count
          ? []
          : await community.listVisiblePosts(db, { categoryId: input.id, limit: input.limit, offset });
      return {
        posts: rows.map((row) => ({
          id: row.id,
          author_pseudonym: row.author_pseudonym,
          timestamp: row.timestamp,
          title: row.title,
          reply_count: Number(row.reply_count ?? 0),
        })),
        total_posts: category.visible_post_count,
        page: input.page,
        limit: input.limit,
      };
    },

    async getPost(input: PostInput): Promise<Post> {
      const post = await community.findPost(db, input.id);
      if (!post || post.is_hidden || post.deleted_at) throw notFound('Post');
      // One extra row tells whether another page follows.
      const [replies, count] = await Promise.all([
        community.listVisibleReplies(db, {
          postId: post.id,
          limit: input.replies_limit + 1,
          afterId: input.replies_after,
        }),
        community.countVisibleReplies(db, post.id),
      ]);
      const page = replies.slice(0, input.replies_limit);
      const last = page.at(-1);
      return {
        id: post.id,
        category_id: post.category_id,
        author_pseudonym: post.author_pseudonym,
        timestamp: post.timestamp.toISOString(),
        title: post.title,
        content: post.content,
        edited_at: post.edited_at?.toISOString() ?? null,
        reply_count: count.n,
        replies: page.map((r) => ({
          id: r.id,
          author_pseudonym: r.author_pseudonym,
          timestamp: r.timestamp.toISOString(),
          content: r.content,
        })),
        next_replies_cursor: replies.length > input.replies_limit && last ? last.id : null,
      };
    },

    /** Premium members who are neither banned nor silenced start threads. */
    async createPost(user: Actor, input: PostCreateInput): Promise<PostCreated> {
      assertPremium(user);
      const flaggedWord = screen('content', input.title, input.content);
      const crisis = support.detect(input.title, input.content);
      const now = clock.now();
      const row = await db.transaction().execute(async (tx) => {
        const author = await requireAuthor(tx, user.id);
        const category = await community.findCategory(tx, input.category_id);
        if (!category || category.archived_at) throw notFound('Category');
        const post = await community.insertPost(tx, {
          category_id: category.id,
          author_user_id: user.id,
          author_pseudonym: author.pseudonym,
          timestamp: now,
          title: input.title,
          content: input.content,
        });
        if (flaggedWord) await flagForReview(tx, 'post', post.id, flaggedWord, now);
        if (crisis) await reportCrisis(tx, 'post', post.id, now);
        return post;
      });
      const offer = crisis ? await support.offer(user.id) : undefined;
      return {
        id: row.id,
        category_id: row.category_id,
        author_pseudonym: row.author_pseudonym,
        timestamp: row.timestamp.toISOString(),
        title: row.title,
        content: row.content,
        reply_count: 0,
        ...(offer ? { support: offer } : {}),
      };
    },

    async createReply(user: Actor, input: ReplyCreateInput): Promise<ReplyCreated> {
      assertPremium(user);
      const flaggedWord = screen('content', input.content);
      const crisis = support.detect(input.content);
      const now = clock.now();
      const row = await db.transaction().execute(async (tx) => {
        const author = await requireAuthor(tx, user.id);
        const post = await community.findPost(tx, input.id);
        if (!post || post.is_hidden || post.deleted_at) throw notFound('Post');
        const reply = await community.insertReply(tx, {
          post_id: post.id,
          author_user_id: user.id,
          author_pseudonym: author.pseudonym,
          timestamp: now,
          content: input.content,
        });
        if (flaggedWord) await flagForReview(tx, 'reply', reply.id, flaggedWord, now);
        if (crisis) await reportCrisis(tx, 'reply', reply.id, now);
        return reply;
      });
      const offer = crisis ? await support.offer(user.id) : undefined;
      return {
        id: row.id,
        post_id: row.post_id,
        author_pseudonym: row.author_pseudonym,
        timestamp: row.timestamp.toISOString(),
        content: row.content,
        ...(offer ? { support: offer } : {}),
      };
    },

    // Operators (pnpm admin community category ...). Each invalidates the category cache.

    async addCategory(name: string, description = ''): Promise<CommunityCategory> {
      const row = await community.insertCategory(db, { name, description }).catch((error: unknown) => {
        throw conflictOnName(error);
      });
      await categoriesCache.invalidate();
      return { id: row.id, name: row.name, description: row.description };
    },

    async renameCategory(idOrName: string, name: string, description?: string): Promise<CommunityCategory> {
      const found = await community.findCategoryByIdOrName(db, idOrName);
      if (!found) throw notFound(`Category "${idOrName}"`);
      const row = await community
        .updateCategory(db, found.id, description === undefined ? { name } : { name, description })
        .catch((error: unknown) => {
          throw conflictOnName(error);
        });
      if (!row) throw notFound(`Category "${idOrName}"`);
      await categoriesCache.invalidate();
      return { id: row.id, name: row.name, description: row.description };
    },

    /** Archived: gone from the list and closed to new posts; its posts stay readable by link. */
    async archiveCategory(idOrName: string): Promise<CommunityCategory> {
      const found = await community.findCategoryByIdOrName(db, idOrName);
      if (!found) throw notFound(`Category "${idOrName}"`);
      const row = await community.updateCategory(db, found.id, {
        archived_at: found.archived_at ?? clock.now(),
      });
      if (!row) throw notFound(`Category "${idOrName}"`);
      await categoriesCache.invalidate();
      return { id: row.id, name: row.name, description: row.description };
    },
  };
}
export type CommunityService = ReturnType<typeof createCommunityService>;
