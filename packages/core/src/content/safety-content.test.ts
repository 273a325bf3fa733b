import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { REPO_CONTENT_DIR } from '../testing/test-runtime.ts';
import { readContentPack } from './content.pack.ts';
import { readSafetyContent } from './safety-content.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function packCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wbn-safety-'));
  dirs.push(dir);
  await cp(REPO_CONTENT_DIR, dir, { recursive: true });
  return dir;
}

describe('safety content (policies and help lines)', () => {
  it('the committed pack has a policy for every purpose and help lines for the promised countries', async () => {
    const content = await readSafetyContent(REPO_CONTENT_DIR);
    expect([...content.policies.keys()].sort()).toEqual([
      'community_guidelines',
      'email_alerts',
      'journal_insights',
      'push_notifications',
    ]);
    for (const country of ['US', 'GB', 'IE', 'CA', 'AU', 'NZ', 'IN', 'DE', 'FR', 'ES', 'international']) {
      expect(content.support.get(country)?.resources.length, country).toBeGreaterThan(0);
    }
  });

  it('the content loader refuses a broken help-line file or policy, naming file and field', async () => {
    const dir = await packCopy();
    await writeFile(
      path.join(dir, 'support', 'GB.json'),
      JSON.stringify({
        country: 'GB',
        name: 'UK',
        resources: [{ name: 'Samaritans', url: 'not a url', hours: '24/7' }],
      }),
    );
    await rm(path.join(dir, 'support', 'international.json'));
    await writeFile(
      path.join(dir, 'policies', 'email_alerts.yaml'),
      'purpose: email_alerts\nreconsent_on_new_version: false\nversions:\n  - version: 2\n    effective: 2026-11-30\n    title: X\n    text: Y\n',
    );
    const error = await readContentPack(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const paths = (error as AppError).issues?.map((issue) => issue.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'support/GB.json: resources.0.url',
        'support/international.json: (file)',
        'policies/email_alerts.yaml: versions.0.version',
      ]),
    );
  });
});
