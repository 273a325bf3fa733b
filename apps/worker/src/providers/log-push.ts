import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@wbn/core/logger';
import type { PushProvider } from './push.ts';

/**
 * Development without FCM/APNs credentials: every notification is appended as one JSON line to
 * <data dir>/notifications/<platform>.jsonl, so a developer can see exactly what would have gone out.
 */
export function createLogPushProvider(options: {
  platform: 'fcm' | 'apns';
  dataDir: string;
  logger: Logger;
}): PushProvider {
  const dir = path.join(options.dataDir, 'notifications');
  const file = path.join(dir, `${options.platform}.jsonl`);
  let ready: Promise<unknown> | undefined;
  return {
    name: `log:${options.platform}`,
    async send(message) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`, {
        mode: 0o600,
      });
      return { status: 'sent' };
    },
    async close() {},
  };
}
