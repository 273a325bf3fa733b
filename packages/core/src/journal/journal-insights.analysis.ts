import Sentiment from 'sentiment';

/**
 * Plain-language observations from a person's own recent entries. Lexicon-based (AFINN via the
 * `sentiment` package) and keyword themes: transparent, cheap, and run entirely in memory. Nothing
 * here is stored or logged. Wording describes patterns gently and never diagnoses.
 */

const sentiment = new Sentiment();

/** Themes people commonly write about, each a handful of word stems. */
const THEMES: Record<string, string[]> = {
  sleep: ['sleep', 'slept', 'tired', 'insomnia', 'nap', 'exhausted', 'bedtime'],
  work: ['work', 'job', 'boss', 'office', 'deadline', 'meeting', 'colleague', 'career'],
  studies: ['exam', 'study', 'studying', 'school', 'class', 'homework', 'university', 'college'],
  family: ['family', 'mum', 'mom', 'dad', 'parent', 'sister', 'brother', 'kids', 'children'],
  friendships: ['friend', 'friends', 'lonely', 'alone', 'social'],
  relationships: ['partner', 'boyfriend', 'girlfriend', 'husband', 'wife', 'relationship', 'date'],
  health: ['health', 'sick', 'pain', 'doctor', 'headache', 'body', 'ill'],
  money: ['money', 'rent', 'bills', 'debt', 'pay', 'afford', 'budget'],
  'movement and the outdoors': ['walk', 'run', 'gym', 'exercise', 'yoga', 'outside', 'park', 'nature'],
};

export interface EntryText {
  timestamp: Date;
  text: string;
}

export interface JournalAnxietyComparison {
  journaled: boolean;
  average: number;
  days: number;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);

export function toneScore(text: string): number {
  return sentiment.analyze(text).comparative;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export function journalInsights(options: {
  entries: EntryText[];
  anxiety: JournalAnxietyComparison[];
  now: Date;
  recentDays: number;
}): string[] {
  const { entries, anxiety, now, recentDays } = options;
  const insights: string[] = [];
  if (entries.length === 0) {
    return ['Once you have written a few journal entries, gentle observations about them will appear here.'];
  }

  const cutoff = now.getTime() - recentDays * 86_400_000;
  const recent = entries.filter((e) => e.timestamp.getTime() >= cutoff).map((e) => toneScore(e.text));
  const earlier = entries.filter((e) => e.timestamp.getTime() < cutoff).map((e) => toneScore(e.text));
  if (recent.length >= 2 && earlier.length >= 2) {
    const change = mean(recent) - mean(earlier);
    if (change > 0.05) {
      insights.push(
        `The tone of your writing over the last ${recentDays} days has been a little lighter than in the weeks before.`,
      );
    } else if (change < -0.05) {
      insights.push(
        `Your writing over the last ${recentDays} days has carried a few more difficult feelings than in the weeks before. It may be worth being extra gentle with yourself.`,
      );
    } else {
      insights.push(`The tone of your writing has stayed fairly steady over recent weeks.`);
    }
  } else {
    const overall = mean([...recent, ...earlier]);
    insights.push(
      overall >= 0
        ? 'Your recent entries lean towards hopeful or neutral language.'
        : 'Your recent entries include quite a few difficult feelings. Writing them down is a good step.',
    );
  }

  const themeCounts = Object.entries(THEMES)
    .map(([theme, stems]) => {
      const count = entries.filter((entry) => {
        const seen = words(entry.text);
        return stems.some((stem) => seen.has(stem));
      }).length;
      return { theme, count };
    })
    .filter(({ count }) => count >= 2 && count / entries.length >= 0.2)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3);
  for (const { theme, count } of themeCounts) {
    insights.push(`${capitalise(theme)} came up in ${count} of your last ${entries.length} entries.`);
  }

  const withJournal = anxiety.find((a) => a.journaled);
  const without = anxiety.find((a) => !a.journaled);
  if (withJournal && without && withJournal.days >= 3 && without.days >= 3) {
    const difference = withJournal.average - without.average;
    const amount = Math.abs(difference).toFixed(1);
    if (difference <= -0.5) {
      insights.push(
        `On days you journaled, your check-ins averaged ${amount} points lower anxiety than on days you did not.`,
      );
    } else if (difference >= 0.5) {
      insights.push(
        `On days you journaled, your check-ins averaged ${amount} points higher anxiety. Many people write more on harder days, which is a healthy way to cope.`,
      );
    } else {
      insights.push('Your anxiety check-ins look similar on days you journaled and days you did not.');
    }
  }

  insights.push('These are patterns in your own words and check-ins, not a diagnosis.');
  return insights;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
