import { type Logger, pino } from 'pino';
import { currentRequestId } from './request-context.ts';

export type { Logger };

/**
 * Paths never written to logs. Bodies are not logged at all by the API; these cover the places where
 * a request, an error cause or a job payload might still carry a secret.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.new_password',
  '*.password_hash',
  '*.code',
  '*.token',
  '*.refresh_token',
  '*.content',
  '*.data.code',
  '*.data.content',
  'code',
  'token',
  'password',
  'content',
];

export function createLogger(options: {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      ...(options.name ? { name: options.name } : {}),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Lines written while serving a request or running the job it enqueued carry its id.
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    options.destination,
  );
}

/**
 * What a failure log line says about an error: its class, code and message, never the values a
 * database error's `detail` or a request body could carry.
 */
export function describeError(error: unknown): { errorClass: string; errorCode?: string; message?: string } {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    errorClass: error.constructor.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    message: error.message,
  };
}
