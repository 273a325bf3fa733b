import { INPUT_LIMITS } from '@wbn/contracts/errors';
import { AppError } from '@wbn/core/errors';

/**
 * Holds a raw input (a parsed JSON body, a query object, a tRPC call's input) to the structural
 * bounds of INPUT_LIMITS before any schema runs, so hostile shapes answer 400 instead of costing a
 * deep recursion or a huge allocation later. The walk stops at the first violation and never
 * descends below maxDepth, so it cannot overflow the stack itself.
 */
export function assertWithinInputLimits(value: unknown): void {
  walk(value, 0, '');
}

function walk(value: unknown, depth: number, path: string): void {
  if (typeof value === 'string') {
    if (value.length > INPUT_LIMITS.maxStringLength) {
      throw tooLarge(path, `is longer than ${INPUT_LIMITS.maxStringLength} characters`);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= INPUT_LIMITS.maxDepth) {
    throw new AppError('VALIDATION', `Input is nested deeper than ${INPUT_LIMITS.maxDepth} levels`, {
      reason: 'INPUT_TOO_DEEP',
      issues: [{ path: path || '(body)', message: `nested deeper than ${INPUT_LIMITS.maxDepth} levels` }],
    });
  }
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.maxItems) {
      throw tooLarge(path, `has more than ${INPUT_LIMITS.maxItems} items`);
    }
    for (let i = 0; i < value.length; i++) walk(value[i], depth + 1, join(path, String(i)));
    return;
  }
  let keys = 0;
  for (const key in value) {
    if (++keys > INPUT_LIMITS.maxKeys) throw tooLarge(path, `has more than ${INPUT_LIMITS.maxKeys} fields`);
    walk((value as Record<string, unknown>)[key], depth + 1, join(path, key));
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function tooLarge(path: string, message: string): AppError {
  return new AppError('VALIDATION', `${path || 'Input'} ${message}`, {
    reason: 'INPUT_TOO_LARGE',
    issues: [{ path: path || '(body)', message }],
  });
}
