import { randomInt } from 'node:crypto';

/**
 * Community names such as "Calm-Otter-4821": friendly, stable, and drawn from randomness alone,
 * so nothing about the username or email can be read back out of them.
 * 48 × 48 × 9000 ≈ 20 M combinations; a collision is retried by the caller.
 */
const ADJECTIVES = [
  'Calm', 'Gentle', 'Brave', 'Quiet', 'Bright', 'Steady', 'Kind', 'Warm', 'Patient', 'Hopeful',
  'Curious', 'Mellow', 'Sunny', 'Soft', 'Clear', 'Cosy', 'Golden', 'Silver', 'Misty', 'Breezy',
  'Tender', 'Serene', 'Sturdy', 'Nimble', 'Humble', 'Lively', 'Peaceful', 'Placid', 'Radiant', 'Rested',
  'Amber', 'Azure', 'Coral', 'Velvet', 'Willow', 'Meadow', 'River', 'Cedar', 'Maple', 'Harbor',
  'Northern', 'Southern', 'Evening', 'Morning', 'Starry', 'Dewy', 'Woolly', 'Jolly',
];
const ANIMALS = [
  'Otter', 'Heron', 'Fox', 'Badger', 'Robin', 'Owl', 'Hare', 'Panda', 'Koala', 'Wren',
  'Dolphin', 'Turtle', 'Sparrow', 'Finch', 'Deer', 'Lynx', 'Seal', 'Puffin', 'Beaver', 'Swan',
  'Crane', 'Falcon', 'Moth', 'Bee', 'Lark', 'Kestrel', 'Marten', 'Hedgehog', 'Squirrel', 'Lamb',
  'Pony', 'Llama', 'Alpaca', 'Manatee', 'Penguin', 'Gecko', 'Ibis', 'Quokka', 'Wombat', 'Tapir',
  'Orca', 'Salmon', 'Starling', 'Plover', 'Dove', 'Bison', 'Elk', 'Raven',
];

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function generatePseudonym(): string {
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${randomInt(1000, 10_000)}`;
}
