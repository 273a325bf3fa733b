/**
 * Prints the published OpenAPI document (the one /openapi.json serves), for linters and client
 * generators:  pnpm --filter @wbn/api --silent openapi [base-url] > openapi.json
 */
import { apiDocument } from '../src/http/openapi.ts';

process.stdout.write(`${JSON.stringify(apiDocument(process.argv[2] ?? 'http://localhost:3000'), null, 2)}\n`);
