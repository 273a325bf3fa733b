import pg from 'pg';
import type { Logger } from '../logger.ts';

export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * LISTENs on one channel over a dedicated connection and reconnects when it drops. `onLive(false)`
 * is called as soon as notifications may be missed and `onLive(true)` once they flow again, so a
 * cache built on them can stop trusting itself in between.
 */
export function listenForChanges(options: {
  databaseUrl: string;
  channel: string;
  logger: Logger;
  onMessage: (payload: string) => void;
  onLive: (live: boolean) => void;
  retryMs?: number;
}): ChangeListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: 'wbn-change-listener',
    });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === options.channel && message.payload) options.onMessage(message.payload);
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
      if (!closed && client === next) options.onLive(true);
    } catch (error) {
      lost(next, error);
    }
  };

  const lost = (which: pg.Client, error?: unknown) => {
    if (client !== which) return;
    client = undefined;
    options.onLive(false);
    which.end().catch(() => {});
    if (closed) return;
    options.logger.warn(
      { err: error, channel: options.channel },
      'change listener lost its connection; retrying',
    );
    retry = setTimeout(() => void connect(), options.retryMs ?? 1000);
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      options.onLive(false);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
