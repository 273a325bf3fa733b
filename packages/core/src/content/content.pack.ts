import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ContentItemFile, type ContentType, ZContentItemFile } from '@wbn/contracts/content';
import { parseDocument } from 'yaml';
import { AppError, type FieldIssue } from '../errors.ts';
import { oggVorbisDurationSeconds } from './ogg.ts';
import { validateSafetyContent } from './safety-content.ts';

/** One validated item of the pack, ready to be upserted. */
export interface PackItem {
  /** Path relative to the pack, e.g. "exercises/box-breathing.yaml". */
  file: string;
  slug: string;
  type: ContentType;
  title: string;
  description: string | null;
  crisis_resources: boolean;
  content_structure: Record<string, unknown>;
  media: PackMedia | undefined;
  /** Hash of everything stored for the item: equal hash, nothing to write. */
  contentHash: string;
}

export interface PackMedia {
  key: string;
  contentType: string;
  bytes: number;
  sha256: string;
  body: Buffer;
}

const FOLDERS: Record<string, ContentType> = {
  modules: 'module',
  articles: 'article',
  exercises: 'exercise',
  tips: 'tip',
  prompts: 'prompt',
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Reads and validates the whole pack before anything is written: every problem in every file is
 * collected and reported together as `<file>: <field>: <message>`, so one run shows everything to fix.
 */
export async function readContentPack(dir: string): Promise<PackItem[]> {
  const root = path.resolve(dir);
  if (!(await isDirectory(root))) throw new AppError('VALIDATION', `Content pack folder not found: ${root}`);

  const issues: FieldIssue[] = [];
  const report = (file: string, field: string, message: string) =>
    issues.push({ path: `${file}: ${field}`, message });
  const parsed: { file: string; type: ContentType; item: ContentItemFile }[] = [];
  // Every file's slug, valid or not: a broken file should not also make every reference to it an error.
  const fileSlugs = new Set<string>();

  for (const [folder, type] of Object.entries(FOLDERS)) {
    const folderPath = path.join(root, folder);
    if (!(await isDirectory(folderPath))) continue;
    const names = (await readdir(folderPath)).filter((name) => name.endsWith('.yaml')).sort();
    for (const name of names) {
      const file = `${folder}/${name}`;
      fileSlugs.add(name.slice(0, -'.yaml'.length));
      const document = parseDocument(await readFile(path.join(folderPath, name), 'utf8'));
      if (document.errors.length > 0) {
        for (const error of document.errors)
          report(file, '(yaml)', error.message.split('\n')[0] ?? error.message);
        continue;
      }
      const result = ZContentItemFile.safeParse(document.toJS());
      if (!result.success) {
        for (const issue of result.error.issues)
          report(file, issue.path.map(String).join('.') || '(file)', issue.message);
        continue;
      }
      const item = result.data;
      if (item.type !== type) report(file, 'type', `must be "${type}" in ${folder}/ (is "${item.type}")`);
      if (`${item.slug}.yaml` !== name)
        report(file, 'slug', `must equal the file name ("${name.slice(0, -5)}")`);
      parsed.push({ file, type, item });
    }
  }

  const bySlug = new Map<string, string>();
  for (const { file, item } of parsed) {
    const other = bySlug.get(item.slug);
    if (other) report(file, 'slug', `"${item.slug}" is already used by ${other}`);
    else bySlug.set(item.slug, file);
  }

  // Consent policies and help lines are read at run time, not stored, but a load checks them too.
  if ((await isDirectory(path.join(root, 'policies'))) || (await isDirectory(path.join(root, 'support')))) {
    await validateSafetyContent(root, report);
  }

  const items: PackItem[] = [];
  for (const { file, item } of parsed) {
    if (item.type === 'module' || item.type === 'article') {
      item.body.related?.forEach((slug, index) => {
        if (!bySlug.has(slug) && !fileSlugs.has(slug))
          report(file, `body.related.${index}`, `no item with slug "${slug}" in the pack`);
      });
    }
    let media: PackMedia | undefined;
    if (item.type === 'exercise') {
      const totalSeconds = item.body.steps.reduce((sum, step) => sum + step.seconds, 0);
      if (Math.abs(item.body.duration_minutes * 60 - totalSeconds) > 60) {
        report(
          file,
          'body.duration_minutes',
          `must be within a minute of the steps' total (${totalSeconds} s)`,
        );
      }
      if (item.audio) media = await readAudio(root, file, item.audio, totalSeconds, report);
    }
    items.push(toPackItem(file, item, media));
  }

  if (issues.length > 0) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new AppError(
      'VALIDATION',
      `Content pack ${root} has ${issues.length} problem(s):\n${lines.join('\n')}`,
      {
        issues,
      },
    );
  }
  return items;
}

async function readAudio(
  root: string,
  file: string,
  audio: string,
  expectedSeconds: number,
  report: (file: string, field: string, message: string) => void,
): Promise<PackMedia | undefined> {
  let body: Buffer;
  try {
    body = await readFile(path.join(root, audio));
  } catch {
    report(file, 'audio', `file ${audio} not found in the pack`);
    return undefined;
  }
  const seconds = oggVorbisDurationSeconds(body);
  if (seconds === undefined) {
    report(file, 'audio', `${audio} is not an Ogg Vorbis file`);
    return undefined;
  }
  // The audio speaks the steps in time with the client's timer (content/audio/README.md).
  if (Math.abs(seconds - expectedSeconds) > 1) {
    report(
      file,
      'audio',
      `${audio} plays ${seconds.toFixed(1)} s but the steps add up to ${expectedSeconds} s`,
    );
  }
  const hash = sha256(body);
  const slug = path.basename(audio, '.ogg');
  return {
    key: `audio/${slug}.${hash.slice(0, 16)}.ogg`,
    contentType: 'audio/ogg',
    bytes: body.length,
    sha256: hash,
    body,
  };
}

function toPackItem(file: string, item: ContentItemFile, media: PackMedia | undefined): PackItem {
  const stored = {
    type: item.type,
    title: item.title,
    description: 'description' in item ? item.description : null,
    crisis_resources: item.crisis_resources,
    content_structure: item.body as Record<string, unknown>,
  };
  const contentHash = sha256(
    JSON.stringify({ ...stored, media: media ? [media.key, media.contentType] : null }),
  );
  return { file, slug: item.slug, ...stored, media, contentHash };
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
