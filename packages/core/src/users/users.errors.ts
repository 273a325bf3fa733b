import { isUniqueViolation } from '../db/pg-errors.ts';
import { AppError } from '../errors.ts';

/** Turns a unique violation on users into the 409 a client can act on; anything else passes through. */
export function toUserConflict(error: unknown): unknown {
  if (isUniqueViolation(error, 'users_username_key')) {
    return new AppError('CONFLICT', 'That username is taken', { reason: 'USERNAME_TAKEN' });
  }
  if (isUniqueViolation(error, 'users_email_key')) {
    return new AppError('CONFLICT', 'That email address is already in use', { reason: 'EMAIL_TAKEN' });
  }
  return error;
}
