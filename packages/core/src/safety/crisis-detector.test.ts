import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCrisisDetector, withinOneEdit } from './crisis-detector.ts';
import { englishLexicon } from './crisis-lexicon.en.ts';

/**
 * The labelled set: "development" sentences were written first and the lexicon tuned on them;
 * "tuning-2" was written as a holdout, measured, then used for a second round of tuning; "holdout"
 * was written after both rounds and has never been tuned on. Numbers go to the README.
 */
interface Labelled {
  text: string;
  label: 'positive' | 'negative';
  kind: string;
  set: 'development' | 'tuning-2' | 'holdout';
}
const sentences: Labelled[] = JSON.parse(
  readFileSync(new URL('./fixtures/crisis-sentences.en.json', import.meta.url), 'utf8'),
);
const detector = createCrisisDetector([englishLexicon]);

function measure(rows: Labelled[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const hit = detector.detect(row.text).hit;
    if (row.label === 'positive') hit ? tp++ : fn++;
    else if (hit) fp++;
  }
  return { n: rows.length, tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

describe('crisis detector on the labelled set', () => {
  it('has at least 300 labelled sentences of every kind the detector must tell apart', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(300);
    const kinds = new Set(sentences.map((s) => s.kind));
    for (const kind of [
      'direct',
      'passive',
      'self-harm',
      'misspelling',
      'negation',
      'figurative',
      'neutral',
    ]) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  it('finds at least 95% of the positives, with the precision the README reports', () => {
    const all = measure(sentences);
    const bySet = Object.fromEntries(
      (['development', 'tuning-2', 'holdout'] as const).map((set) => [
        set,
        measure(sentences.filter((s) => s.set === set)),
      ]),
    );
    // biome-ignore lint/suspicious/noConsole: the measured numbers are what this test reports (see README)
    console.info('crisis detector', JSON.stringify({ all, ...bySet }));
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
    expect(all.precision).toBeGreaterThanOrEqual(0.95);
    // The never-tuned holdout shows how it generalises; a drop below this is a regression.
    expect(bySet.holdout?.recall).toBeGreaterThanOrEqual(0.75);
  });

  it('does not answer a negation ("I don\'t want to die") or an idiom', () => {
    for (const text of [
      "I don't want to die.",
      'I would never kill myself.',
      "I'm not suicidal, just tired.",
      'This traffic is killing me.',
      'I almost killed myself laughing.',
      'Quitting would be career suicide.',
    ]) {
      expect(detector.detect(text).hit, text).toBe(false);
    }
  });

  it('reads common misspellings and euphemisms, and negation does not reach across a "but" or a sentence', () => {
    for (const text of [
      'i wanna kil myslef',
      'thinking about sucide',
      'i want to unalive myself',
      "I'm not okay. I want to die.",
      "I don't know why but I want to die",
      "I can't stop thinking about killing myself",
    ]) {
      expect(detector.detect(text).hit, text).toBe(true);
    }
  });

  it('matches words one edit apart (Damerau)', () => {
    expect(withinOneEdit('suicide', 'sucide')).toBe(true);
    expect(withinOneEdit('suicide', 'suicdie')).toBe(true);
    expect(withinOneEdit('suicide', 'suicidexx')).toBe(false);
  });

  it('checks every text it is given (a CBT record has several fields)', () => {
    expect(detector.detect('Situation: exam', 'Thought: I want to kill myself').hit).toBe(true);
    expect(detector.detect('Situation: exam', 'Thought: I will fail').hit).toBe(false);
  });
});
