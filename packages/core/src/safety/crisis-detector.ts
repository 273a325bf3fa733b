import type { CrisisLexicon } from './crisis-lexicon.ts';

export interface CrisisDetection {
  hit: boolean;
  /** Which language's lexicon matched (for tests and measurement; never stored or logged). */
  language?: string;
}

interface CompiledPhrase {
  regex: RegExp;
  negatable: boolean;
}

interface CompiledLexicon {
  lexicon: CrisisLexicon;
  phrases: CompiledPhrase[];
  negators: Set<string>;
  breakers: Set<string>;
  figurative: RegExp;
}

/** Clauses end at punctuation: "I'm not okay. I want to die" is two statements. */
const CLAUSE_BREAK = /[.!?;:,()\n\r\u2026"“”]+|\s[-–—]+\s/u;

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

function compile(lexicon: CrisisLexicon): CompiledLexicon {
  return {
    lexicon,
    phrases: lexicon.phrases.map((p) => ({
      regex: new RegExp(`(?:^| )${p.pattern}(?= |$)`, 'g'),
      negatable: p.negatable,
    })),
    negators: new Set(lexicon.negators),
    breakers: new Set(lexicon.negationBreakers),
    figurative: new RegExp(`^ (?:${lexicon.figurativeAfter.join('|')})(?: |$)`),
  };
}

function normaliseClause(clause: string, lexicon: CrisisLexicon): string {
  const words = clause
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    // "don't" → "dont" (then rewritten), "self-harm" → "self harm"
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const out: string[] = [];
  for (const word of words) {
    const rewritten = lexicon.rewrites[word];
    if (rewritten) {
      out.push(rewritten);
      continue;
    }
    const known =
      word.length >= 6 ? lexicon.vocabulary.find((v) => v !== word && withinOneEdit(word, v)) : undefined;
    out.push(known ?? word);
  }
  return out.join(' ');
}

function isNegated(compiled: CompiledLexicon, before: string): boolean {
  const words = before.trim().split(' ').filter(Boolean).slice(-compiled.lexicon.negationWindow);
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as string;
    if (compiled.breakers.has(word)) return false;
    if (compiled.negators.has(word)) return true;
  }
  return false;
}

function clauseHits(compiled: CompiledLexicon, clause: string): boolean {
  for (const phrase of compiled.phrases) {
    phrase.regex.lastIndex = 0;
    for (let match = phrase.regex.exec(clause); match; match = phrase.regex.exec(clause)) {
      const end = match.index + match[0].length;
      if (compiled.figurative.test(clause.slice(end))) continue;
      if (phrase.negatable && isNegated(compiled, clause.slice(0, match.index))) continue;
      return true;
    }
  }
  return false;
}

/**
 * Finds language suggesting risk of suicide or self-harm. It only ever adds an offer of help to a
 * response: it blocks and hides nothing, so it leans towards recall (a missed cry for help costs
 * more than help offered to someone who was joking).
 */
export function createCrisisDetector(lexicons: CrisisLexicon[]) {
  const compiled = lexicons.map(compile);
  return {
    detect(...texts: string[]): CrisisDetection {
      for (const text of texts) {
        const clauses = text.split(CLAUSE_BREAK);
        for (const c of compiled) {
          for (const clause of clauses) {
            if (clauseHits(c, normaliseClause(clause, c.lexicon)))
              return { hit: true, language: c.lexicon.language };
          }
        }
      }
      return { hit: false };
    },
  };
}
export type CrisisDetector = ReturnType<typeof createCrisisDetector>;
