import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CONSENT_PURPOSES,
  type ConsentPolicyFile,
  type ConsentPurpose,
  ZConsentPolicyFile,
} from '@wbn/contracts/consent';
import { type SupportFile, ZSupportFile } from '@wbn/contracts/safety';
import { parseDocument } from 'yaml';
import { AppError, type FieldIssue } from '../errors.ts';

/**
 * The parts of the content pack the safety features read at run time rather than from the database:
 * consent policy texts (policies/<purpose>.yaml, every version) and help lines
 * (support/<country>.json). Both are validated here, for the content loader and for start-up alike.
 */
export interface SafetyContent {
  policies: Map<ConsentPurpose, ConsentPolicyFile>;
  /** Keyed by ISO country code, plus "international" (always present). */
  support: Map<string, SupportFile>;
}

type Report = (file: string, field: string, message: string) => void;

export async function validateSafetyContent(root: string, report: Report): Promise<SafetyContent> {
  return { policies: await readPolicies(root, report), support: await readSupport(root, report) };
}

/** Reads and validates, throwing one VALIDATION error listing every problem. */
export async function readSafetyContent(dir: string): Promise<SafetyContent> {
  const issues: FieldIssue[] = [];
  const content = await validateSafetyContent(path.resolve(dir), (file, field, message) =>
    issues.push({ path: `${file}: ${field}`, message }),
  );
  if (issues.length > 0) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    throw new AppError('VALIDATION', `Safety content in ${dir} has ${issues.length} problem(s):\n${lines}`, {
      issues,
    });
  }
  return content;
}

/** Read once, on first use; a broken pack fails every use loudly rather than serving half of it. */
export function createSafetyContentSource(dir: string): () => Promise<SafetyContent> {
  let loaded: Promise<SafetyContent> | undefined;
  return () => {
    loaded ??= readSafetyContent(dir);
    return loaded;
  };
}

async function filesIn(root: string, folder: string, extension: string): Promise<string[]> {
  try {
    return (await readdir(path.join(root, folder))).filter((name) => name.endsWith(extension)).sort();
  } catch {
    return [];
  }
}

async function readPolicies(root: string, report: Report) {
  const policies = new Map<ConsentPurpose, ConsentPolicyFile>();
  for (const name of await filesIn(root, 'policies', '.yaml')) {
    const file = `policies/${name}`;
    const document = parseDocument(await readFile(path.join(root, file), 'utf8'));
    if (document.errors.length > 0) {
      report(file, '(yaml)', document.errors[0]?.message.split('\n')[0] ?? 'invalid YAML');
      continue;
    }
    const result = ZConsentPolicyFile.safeParse(document.toJS());
    if (!result.success) {
      for (const issue of result.error.issues)
        report(file, issue.path.map(String).join('.') || '(file)', issue.message);
      continue;
    }
    const policy = result.data;
    if (`${policy.purpose}.yaml` !== name) report(file, 'purpose', `must equal the file name`);
    // Versions only ever grow: a grant names the version it was given for.
    policy.versions.forEach((v, index) => {
      if (v.version !== index + 1) report(file, `versions.${index}.version`, `must be ${index + 1}`);
    });
    policies.set(policy.purpose, policy);
  }
  for (const purpose of CONSENT_PURPOSES) {
    if (!policies.has(purpose))
      report(`policies/${purpose}.yaml`, '(file)', 'missing: every purpose needs a policy');
  }
  return policies;
}

async function readSupport(root: string, report: Report) {
  const support = new Map<string, SupportFile>();
  for (const name of await filesIn(root, 'support', '.json')) {
    const file = `support/${name}`;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(root, file), 'utf8'));
    } catch (error) {
      report(file, '(json)', error instanceof Error ? error.message : 'invalid JSON');
      continue;
    }
    const result = ZSupportFile.safeParse(json);
    if (!result.success) {
      for (const issue of result.error.issues)
        report(file, issue.path.map(String).join('.') || '(file)', issue.message);
      continue;
    }
    const key = result.data.country;
    if (`${key}.json` !== name) report(file, 'country', `must equal the file name ("${name.slice(0, -5)}")`);
    support.set(key, result.data);
  }
  if (!support.has('international'))
    report('support/international.json', '(file)', 'missing: the fallback for every other country');
  return support;
}

/** The current (highest) version of a purpose's policy. */
export function currentPolicy(content: SafetyContent, purpose: ConsentPurpose) {
  const policy = content.policies.get(purpose);
  const current = policy?.versions.at(-1);
  if (!policy || !current) throw new AppError('INTERNAL', `No policy for ${purpose}`);
  return { ...current, purpose, reconsent_on_new_version: policy.reconsent_on_new_version };
}
