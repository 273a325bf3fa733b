import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only place that reads the environment. Everything else receives a typed `Config`.
 * The process refuses to start on bad config rather than limp along with a default that is wrong.
 */

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((value) => ['true', '1', 'on', 'yes'].includes(value));

const secret = z.string().refine((value) => Buffer.byteLength(value) >= 32, 'must be at least 32 bytes');

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const metricsPort = z
  .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
  .transform((value) => (value === 'off' ? undefined : value));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),

  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATE_ON_START: booleanFlag.default(true),

  JWT_SECRET: secret.optional(),
  JWT_ISSUER: z.string().default('wellbeing-navigator'),
  JWT_AUDIENCE: z.string().default('wellbeing-navigator-app'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Keys the HMAC of password-reset codes, so a database dump does not reveal live codes. */
  RESET_CODE_SECRET: secret.optional(),

  CORS_ORIGINS: csv.default([]),
  /**
   * Which proxies may set X-Forwarded-For: "false" (none), a hop count ("1" behind one load balancer),
   * or their addresses/CIDRs ("10.0.0.0/8,127.0.0.1"). Never "true": trusting every hop would let any
   * client choose its own IP and so its own rate-limit bucket.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((value) => value !== 'true', 'give a hop count or proxy addresses, not "true"')
    .transform((value): false | number | string[] => {
      if (value === 'false' || value === '0' || value === '') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    }),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_GLOBAL_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_AUTH_MAX: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  RESET_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).default(3),
  REDIS_URL: z.string().optional(),
  /** Address the metrics ports listen on: loopback by default, so only this host's Prometheus can read. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** The API's (and `pnpm start`'s) metrics port, "off" for none; 0 picks a free one. */
  METRICS_PORT: metricsPort.default(9464),
  /** The worker's metrics port, "off" for none. */
  WORKER_METRICS_PORT: metricsPort.default(9465),
  /** OTLP/HTTP collector base URL (spans go to <url>/v1/traces); unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The full traces URL, when the collector does not serve it under /v1/traces. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),

  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Well-being Navigator <no-reply@wellbeing-navigator.local>'),

  /** Sum of report weights (1 per member, this much per moderator) that hides an item pending review. */
  COMMUNITY_FLAG_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  /** Words that refuse a post or reply outright, and words that let it through flagged for review. */
  COMMUNITY_WATCHED_WORDS_BLOCK: csv.default([]),
  COMMUNITY_WATCHED_WORDS_FLAG: csv.default([]),
  /** Soft-deleted posts and replies keep their text this long (appeals), then it is purged. */
  COMMUNITY_DELETED_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  COMMUNITY_CATEGORY_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Content pack folder that `pnpm admin content load` and development start-up read. */
  CONTENT_DIR: z.string().default('content'),
  /** How long an API process may serve a cached content list before asking the database again. */
  CONTENT_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Local media directory; defaults to <DATA_DIR>/media. */
  MEDIA_DIR: z.string().optional(),
  /** Public base URL the media objects are served from (a CDN in front of the bucket or directory). */
  MEDIA_CDN_BASE_URL: z.url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** MinIO and most self-hosted S3 servers want path-style URLs (endpoint/bucket/key). */
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  S3_PRESIGN_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(3600),
  /** Journal key-encryption keys: "id:base64url,id2:base64url" (32 bytes each); else the key file. */
  JOURNAL_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]+(,[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]+)*$/,
      'must be id:base64url,…',
    )
    .optional(),
  JOURNAL_ACTIVE_KEY_ID: z.string().optional(),
  /** Key file used when JOURNAL_KEYS is unset (default <DATA_DIR>/journal-keys.json). */
  JOURNAL_KEY_FILE: z.string().optional(),
  /** How long a verified session may be reused without a database lookup; 0 = always look up. */
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(30_000).optional(),
  DAILY_TIP_LOCAL_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  NOTIFY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  NOTIFY_CATCH_UP_MINUTES: z.coerce.number().int().min(15).max(720).default(120),
  NOTIFY_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(5_000).default(200),
  /** Cron (UTC) of the scheduler tick; "off" for workers that only send (and in tests). */
  NOTIFY_TICK_CRON: z.string().default('*/15 * * * *'),
  /** notify-send jobs one worker process runs at once. */
  NOTIFY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Service-account JSON of the Firebase project (inline), or a path to it. */
  FCM_SERVICE_ACCOUNT: z.string().optional(),
  FCM_SERVICE_ACCOUNT_FILE: z.string().optional(),
  FCM_ENDPOINT: z.url().default('https://fcm.googleapis.com'),
  FCM_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  /** The .p8 signing key (PEM inline) or a path to it, its key id, the team id and the app's bundle id. */
  APNS_KEY: z.string().optional(),
  APNS_KEY_FILE: z.string().optional(),
  APNS_KEY_ID: z.string().optional(),
  APNS_TEAM_ID: z.string().optional(),
  APNS_TOPIC: z.string().optional(),
  APNS_ENDPOINT: z.url().default('https://api.push.apple.com'),
});

export type Env = Record<string, string | undefined>;

/** Where the journal's key-encryption keys come from (see crypto/journal-keyring.ts). */
export interface JournalKeysConfig {
  keyFile: string;
  fromEnv: { activeKeyId: string; keys: Record<string, string> } | undefined;
  /** Development and tests create a key file on first use; production must be given one. */
  generateIfMissing: boolean;
}

/** The typed configuration every part of the system receives; its shape is `toConfig`'s result. */
export type Config = ReturnType<typeof toConfig>;
export type MediaConfig = Config['media'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Env = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEDIA_STORAGE === 's3' && !e.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required when MEDIA_STORAGE=s3');
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither',
    );
  }
  if (e.NODE_ENV === 'production') {
    // The development fallbacks (an embedded database under DATA_DIR, reset codes written to .eml
    // files) have no place in production: refuse to start instead of quietly using them.
    const missing = (['DATABASE_URL', 'SMTP_URL'] as const).filter((name) => !e[name]);
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set in production`);
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return toConfig(e, dataDir, resolveSecrets(e, dataDir));
}

type EnvValues = z.infer<typeof EnvSchema>;

function toConfig(e: EnvValues, dataDir: string, secrets: Record<SecretName, string>) {
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    dataDir,
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, migrateOnStart: e.MIGRATE_ON_START },
    auth: {
      jwtSecret: secrets.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      resetCodeSecret: secrets.RESET_CODE_SECRET,
      loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      loginFailureWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      resetRequestsPerHour: e.RESET_REQUESTS_PER_HOUR,
    },
    http: {
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      rateLimit: {
        enabled: e.RATE_LIMIT === 'on',
        globalMax: e.RATE_LIMIT_GLOBAL_MAX,
        globalWindowSeconds: e.RATE_LIMIT_GLOBAL_WINDOW_SECONDS,
        authMax: e.RATE_LIMIT_AUTH_MAX,
        authWindowSeconds: e.RATE_LIMIT_AUTH_WINDOW_SECONDS,
      },
    },
    redisUrl: e.REDIS_URL,
    metrics: { host: e.METRICS_HOST, apiPort: e.METRICS_PORT, workerPort: e.WORKER_METRICS_PORT },
    tracing: {
      tracesUrl:
        e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (e.OTEL_EXPORTER_OTLP_ENDPOINT
          ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
          : undefined),
      serviceName: e.OTEL_SERVICE_NAME,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    community: {
      flagThreshold: e.COMMUNITY_FLAG_THRESHOLD,
      watchedWords: { block: e.COMMUNITY_WATCHED_WORDS_BLOCK, flag: e.COMMUNITY_WATCHED_WORDS_FLAG },
      deletedRetentionDays: e.COMMUNITY_DELETED_RETENTION_DAYS,
      categoryCacheSeconds: e.COMMUNITY_CATEGORY_CACHE_SECONDS,
    },
    content: { dir: path.resolve(e.CONTENT_DIR), cacheTtlSeconds: e.CONTENT_CACHE_TTL_SECONDS },
    media: {
      driver: e.MEDIA_STORAGE,
      localDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
      cdnBaseUrl: e.MEDIA_CDN_BASE_URL?.replace(/\/+$/, ''),
      s3: {
        bucket: e.S3_BUCKET ?? '',
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        // Without explicit keys the AWS SDK's default chain applies (instance role, env, profile).
        credentials:
          e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
            : undefined,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
        presignTtlSeconds: e.S3_PRESIGN_TTL_SECONDS,
      },
    },
    journalKeys: journalKeys(e, dataDir),
    /** Tests default to 0 so a row changed behind the services' back is seen at once. */
    sessionCacheTtlMs: e.SESSION_CACHE_TTL_MS ?? (e.NODE_ENV === 'test' ? 0 : 10_000),
    notifications: {
      dailyTipLocalHour: e.DAILY_TIP_LOCAL_HOUR,
      batchSize: e.NOTIFY_BATCH_SIZE,
      catchUpMinutes: e.NOTIFY_CATCH_UP_MINUTES,
      sendConcurrency: e.NOTIFY_SEND_CONCURRENCY,
      tickCron: e.NOTIFY_TICK_CRON === 'off' ? undefined : e.NOTIFY_TICK_CRON,
      workerConcurrency: e.NOTIFY_WORKER_CONCURRENCY,
      fcm: {
        serviceAccount: e.FCM_SERVICE_ACCOUNT,
        serviceAccountFile: e.FCM_SERVICE_ACCOUNT_FILE,
        endpoint: e.FCM_ENDPOINT.replace(/\/$/, ''),
        oauthTokenUrl: e.FCM_OAUTH_TOKEN_URL,
      },
      apns: {
        key: e.APNS_KEY,
        keyFile: e.APNS_KEY_FILE,
        keyId: e.APNS_KEY_ID,
        teamId: e.APNS_TEAM_ID,
        topic: e.APNS_TOPIC,
        endpoint: e.APNS_ENDPOINT.replace(/\/$/, ''),
      },
    },
  };
}

function journalKeys(e: EnvValues, dataDir: string): JournalKeysConfig {
  const keyFile = path.resolve(e.JOURNAL_KEY_FILE ?? path.join(dataDir, 'journal-keys.json'));
  if (!e.JOURNAL_KEYS) return { keyFile, fromEnv: undefined, generateIfMissing: e.NODE_ENV !== 'production' };
  const keys = Object.fromEntries(
    e.JOURNAL_KEYS.split(',').map((pair) => pair.split(':') as [string, string]),
  );
  const activeKeyId = e.JOURNAL_ACTIVE_KEY_ID ?? Object.keys(keys).at(-1) ?? '';
  if (!(activeKeyId in keys))
    throw new ConfigError('Invalid configuration: JOURNAL_ACTIVE_KEY_ID is not in JOURNAL_KEYS');
  return { keyFile, fromEnv: { activeKeyId, keys }, generateIfMissing: false };
}

const GENERATED_SECRETS = ['JWT_SECRET', 'RESET_CODE_SECRET'] as const;
type SecretName = (typeof GENERATED_SECRETS)[number];

/**
 * Production must be given its secrets. Development and tests get random ones generated once and
 * kept in the data directory, so tokens survive a restart without anyone pasting keys around.
 */
function resolveSecrets(e: EnvValues, dataDir: string): Record<SecretName, string> {
  const missing = GENERATED_SECRETS.filter((name) => !e[name]);
  if (missing.length === 0)
    return { JWT_SECRET: e.JWT_SECRET ?? '', RESET_CODE_SECRET: e.RESET_CODE_SECRET ?? '' };
  if (e.NODE_ENV === 'production') {
    throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set in production`);
  }
  const file = path.join(dataDir, 'secrets.json');
  const stored = readSecretsFile(file);
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomBytes(48).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    JWT_SECRET: e.JWT_SECRET ?? stored.JWT_SECRET ?? '',
    RESET_CODE_SECRET: e.RESET_CODE_SECRET ?? stored.RESET_CODE_SECRET ?? '',
  };
}

function readSecretsFile(file: string): Record<string, string> {
  try {
    return z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`Cannot read generated secrets at ${file}: ${(error as Error).message}`);
  }
}
