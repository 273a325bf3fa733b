import { useEffect } from 'react';

/** The queue's single-key commands, as Discourse and Gmail users expect them. */
export type QueueCommand = 'next' | 'previous' | 'open' | 'hide' | 'unhide' | 'delete' | 'warn';

const KEYS: Record<string, QueueCommand> = {
  j: 'next',
  k: 'previous',
  o: 'open',
  h: 'hide',
  u: 'unhide',
  d: 'delete',
  w: 'warn',
};

/** Typing in a field, or any modifier held, is never a command. */
export function commandOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>) {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const target = event.target as HTMLElement | null;
  if (target?.closest?.('input, textarea, select, [role="dialog"]')) return undefined;
  return KEYS[event.key];
}

export function useQueueShortcuts(enabled: boolean, onCommand: (command: QueueCommand) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      const command = commandOf(event);
      if (!command) return;
      event.preventDefault();
      onCommand(command);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled, onCommand]);
}
