/**
 * A language's knowledge for the crisis detector. The detector itself knows no words: adding a
 * language is adding one of these (and its labelled sentences), nothing else.
 */
export interface CrisisLexicon {
  language: string;
  /** Contractions and common misspellings, whole tokens, applied before matching. */
  rewrites: Record<string, string>;
  /** Words whose misspellings (one edit away, for words of 6+ letters) are read as the word. */
  vocabulary: string[];
  /**
   * Risk phrases over the normalised text (lower case, single spaces, no punctuation).
   * `negatable: false` for phrases whose negation is the risk ("do not want to live").
   */
  phrases: { pattern: string; negatable: boolean }[];
  /** A negation word close before a negatable phrase cancels it ("I don't want to die"). */
  negators: string[];
  /** Words between the negation and the phrase that end its reach ("can't stop thinking about ..."). */
  negationBreakers: string[];
  /** How many words before a phrase a negation may stand. */
  negationWindow: number;
  /** Words right after a phrase that make it an idiom ("kill myself laughing"). */
  figurativeAfter: string[];
}
