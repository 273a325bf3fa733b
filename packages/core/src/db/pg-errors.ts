/** Recognises PostgreSQL errors by SQLSTATE so services can turn them into domain errors. */
interface PgError {
  code: string;
  constraint?: string;
}

function isPgError(error: unknown): error is PgError {
  return typeof error === 'object' && error !== null && typeof (error as PgError).code === 'string';
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isPgError(error) && error.code === '23505' && (!constraint || error.constraint === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return isPgError(error) && error.code === '23503';
}
