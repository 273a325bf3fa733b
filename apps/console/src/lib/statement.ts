/** What the author reads in their moderation notices for an action, shown to the moderator before acting. */

export type ContentAction = 'hide' | 'unhide' | 'delete' | 'edit';
export type UserAction = 'warn' | 'silence' | 'ban' | 'unban';

const CONTENT_VERBS: Record<ContentAction, string> = {
  hide: 'hid',
  unhide: 'restored',
  delete: 'removed',
  edit: 'edited',
};

export function contentStatement(
  action: ContentAction,
  contentType: 'post' | 'reply',
  reason: string,
): string {
  return `A moderator ${CONTENT_VERBS[action]} your ${contentType}. Reason: ${reason.trim() || '(none given)'}`;
}

export function userStatement(action: UserAction, reason: string, durationHours?: number): string {
  const why = `Reason: ${reason.trim() || '(none given)'}`;
  switch (action) {
    case 'warn':
      return `A moderator sent you a warning. ${why}`;
    case 'silence': {
      const hours = durationHours ?? 24;
      return `A moderator made your account read-only for ${hours} hour${hours === 1 ? '' : 's'}. ${why}`;
    }
    case 'ban':
      return `A moderator suspended your account. ${why}`;
    case 'unban':
      return `A moderator lifted the restrictions on your account. ${why}`;
  }
}
