import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig as loadConfigFrom } from './config.ts';
import { testDataDir } from './testing/test-runtime.ts';

const SECRET = 'x'.repeat(40);

// Development defaults generate secrets into DATA_DIR: every call gets a scratch one, never the checkout's.
let scratchDataDir: string;
beforeAll(async () => {
  scratchDataDir = await testDataDir();
});
const loadConfig = (env: Record<string, string>): Config =>
  loadConfigFrom({ DATA_DIR: scratchDataDir, ...env });

describe('loadConfig', () => {
  it('refuses to start in production without secrets', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SMTP_URL: 'smtp://mail' }),
    ).toThrow(/JWT_SECRET/);
  });

  it('refuses the development fallbacks in production: no embedded database, no .eml outbox', () => {
    const secrets = { JWT_SECRET: SECRET, RESET_CODE_SECRET: SECRET };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/DATABASE_URL, SMTP_URL/);
    const ok = loadConfig({
      NODE_ENV: 'production',
      ...secrets,
      DATABASE_URL: 'postgres://db/app',
      SMTP_URL: 'smtp://mail',
    });
    expect(ok.env).toBe('production');
  });

  it('traces only when a collector is named, to <endpoint>/v1/traces unless told the full URL', () => {
    expect(loadConfig({}).tracing.tracesUrl).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    const explicit = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:9999/traces',
    });
    expect(explicit.tracing.tracesUrl).toBe('http://other:9999/traces');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(ConfigError);
  });

  it('refuses a JWT secret shorter than 32 bytes', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(ConfigError);
  });

  it('trusts only named proxies or a hop count, never every hop', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', RATE_LIMIT: 'maybe' })).toThrow(/PORT[\s\S]*RATE_LIMIT/);
  });

  it('generates development secrets once and keeps them in the data directory', async () => {
    const dataDir = await testDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')).JWT_SECRET).toBe(
      first.auth.jwtSecret,
    );
  });

  it('uses given secrets as they are, and parses lists and flags', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      RESET_CODE_SECRET: SECRET,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      MIGRATE_ON_START: 'false',
      RATE_LIMIT: 'off',
    });
    expect(config.auth.jwtSecret).toBe(SECRET);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.database.migrateOnStart).toBe(false);
    expect(config.http.rateLimit.enabled).toBe(false);
  });
});
