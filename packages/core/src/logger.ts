import { type Logger, pino } from 'pino';

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
    },
    options.destination,
  );
}
