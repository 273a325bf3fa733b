import { ZMessage } from '@wbn/contracts/common';
import {
  ZCategoryPosts,
  ZCategoryPostsInput,
  ZCommunityCategory,
  ZPost,
  ZPostCreated,
  ZPostCreateInput,
  ZPostInput,
  ZReplyCreated,
  ZReplyCreateInput,
  ZReportInput,
} from '@wbn/contracts/community';
import { z } from 'zod';
import { authedProcedure, premiumProcedure, publicProcedure, router } from '../trpc.ts';

const tags = ['community'];

/** /api/community/* — the pseudonymous forum: read by anyone, written by premium members, reported by any member. */
export const communityRouter = router({
  categories: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/community/categories', summary: 'Forum categories', tags } })
    .input(z.void())
    .output(z.array(ZCommunityCategory))
    .query(({ ctx }) => ctx.core.community.listCategories()),

  categoryPosts: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/community/category/{id}/posts',
        summary: 'Visible posts of a category, newest first (1-based pages)',
        tags,
      },
    })
    .input(ZCategoryPostsInput)
    .output(ZCategoryPosts)
    .query(({ ctx, input }) => ctx.core.community.listPosts(input)),

  post: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/community/post/{id}',
        summary: 'A post with its visible replies, oldest first (page further with replies_after)',
        tags,
      },
    })
    .input(ZPostInput)
    .output(ZPost)
    .query(({ ctx, input }) => ctx.core.community.getPost(input)),

  createPost: premiumProcedure
    .meta({
      openapi: { method: 'POST', path: '/community/post', summary: 'Start a thread (Premium)', tags },
      successStatus: 201,
      errors: [404],
    })
    .input(ZPostCreateInput)
    .output(ZPostCreated)
    .mutation(({ ctx, input }) => ctx.core.community.createPost(ctx.user, input)),

  reply: premiumProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/community/post/{id}/reply',
        summary: 'Reply to a post (Premium)',
        tags,
      },
      successStatus: 201,
    })
    .input(ZReplyCreateInput)
    .output(ZReplyCreated)
    .mutation(({ ctx, input }) => ctx.core.community.createReply(ctx.user, input)),

  report: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/community/{id}/report',
        summary: 'Report a post or reply to the moderators (once per item; a repeat answers the same)',
        tags,
      },
    })
    .input(ZReportInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.moderation.report(ctx.user, input)),
});
