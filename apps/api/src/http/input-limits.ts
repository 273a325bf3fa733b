import { INPUT_LIMITS } from '@wbn/contracts/errors';
import { AppError } from '@wbn/core/errors';

/**
 * Holds a raw input (a parsed JSON body, a query object, a tRPC call's input) to the structural
 * bounds of INPUT_LIMITS before any schema runs, so hostile shapes answer 400 instead of costing a
 * deep recursion or a huge allocation later. The walk stops at the first violation and never
 * descends below maxDepth, so it cannot overflow the stack itself.
 */
export function assertWithinInputLimits(value: unknown): void {
  walk(value, []);
}

/** `trail` holds the keys down to `value`; it is only joined into a path for an error. */
function walk(value: unknown, trail: string[]): void {
  if (typeof value === 'string') {
    if (value.length > INPUT_LIMITS.maxStringLength) {
      throw tooLarge(trail, `is longer than ${INPUT_LIMITS.maxStringLength} characters`);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (trail.length >= INPUT_LIMITS.maxDepth) {
    throw new AppError('VALIDATION', `Input is nested deeper than ${INPUT_LIMITS.maxDepth} levels`, {
      reason: 'INPUT_TOO_DEEP',
      issues: [{ path: pathOf(trail), message: `nested deeper than ${INPUT_LIMITS.maxDepth} levels` }],
    });
  }
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.maxItems) {
      throw tooLarge(trail, `has more than ${INPUT_LIMITS.maxItems} items`);
    }
    for (let i = 0; i < value.length; i++) descend(value[i], trail, String(i));
    return;
  }
  let keys = 0;
  for (const key in value) {
    if (++keys > INPUT_LIMITS.maxKeys) throw tooLarge(trail, `has more than ${INPUT_LIMITS.maxKeys} fields`);
    descend((value as Record<string, unknown>)[key], trail, key);
  }
}

function descend(value: unknown, trail: string[], key: string): void {
  // Scalars need no trail: only strings can fail, and only their length.
  if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return;
  trail.push(key);
  walk(value, trail);
  trail.pop();
}

const pathOf = (trail: string[]) => (trail.length > 0 ? trail.join('.') : '(body)');

function tooLarge(trail: string[], message: string): AppError {
  return new AppError('VALIDATION', `${trail.length > 0 ? trail.join('.') : 'Input'} ${message}`, {
    reason: 'INPUT_TOO_LARGE',
    issues: [{ path: pathOf(trail), message }],
  });
}
