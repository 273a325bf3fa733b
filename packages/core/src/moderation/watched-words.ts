/**
 * Operator-configured watched words (Discourse's "watched words"): `block` refuses the text,
 * `flag` lets it through and raises a report for review. Matching is case-insensitive on whole
 * words after Unicode NFKC normalisation, so "ＢＡＤ" and "Bad" match "bad" but "badge" does not.
 */
export type WatchedVerdict = { verdict: 'ok' } | { verdict: 'block' | 'flag'; word: string };

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(words: string[]): RegExp | undefined {
  const cleaned = words.map((w) => w.normalize('NFKC').trim()).filter(Boolean);
  if (cleaned.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${cleaned.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

export function createWatchedWords(config: { block: string[]; flag: string[] }) {
  const block = compile(config.block);
  const flag = compile(config.flag);
  return {
    check(...texts: string[]): WatchedVerdict {
      const text = texts.join('\n').normalize('NFKC');
      const blocked = block?.exec(text);
      if (blocked) return { verdict: 'block', word: blocked[0] };
      const flagged = flag?.exec(text);
      if (flagged) return { verdict: 'flag', word: flagged[0] };
      return { verdict: 'ok' };
    },
  };
}
export type WatchedWords = ReturnType<typeof createWatchedWords>;
