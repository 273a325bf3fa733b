import type { paths } from './openapi.d.ts';

/**
 * A REST client written only against the types openapi-typescript generated from /openapi.json:
 * it logs a check-in and starts a community thread, and handles the documented refusals by `code`
 * and `reason`. `tsc` checks it against the generated types (a reason or status the document does
 * not list fails to compile); apps/api/test/sdk.test.ts runs it against the real server.
 */
type CheckinCreate = paths['/checkin']['post'];
type PostCreate = paths['/community/post']['post'];
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type ScenarioOutcome =
  | { kind: 'logged'; id: string }
  | { kind: 'fix-fields'; fields: string[] }
  | { kind: 'suspended' }
  | { kind: 'offer-premium' }
  | { kind: 'other'; status: number };

async function post<B>(baseUrl: string, path: string, token: string, body: B) {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

export async function logCheckin(
  baseUrl: string,
  token: string,
  input: Json<CheckinCreate['requestBody']>,
): Promise<ScenarioOutcome> {
  const res = await post(baseUrl, '/checkin', token, input);
  if (res.status === 201)
    return { kind: 'logged', id: (res.body as Json<CheckinCreate['responses'][201]>).id };
  if (res.status === 400) {
    const error = res.body as Json<CheckinCreate['responses'][400]>;
    if (error.code === 'VALIDATION')
      return { kind: 'fix-fields', fields: (error.issues ?? []).map((i) => i.path) };
  }
  if (res.status === 403) {
    const error = res.body as Json<CheckinCreate['responses'][403]>;
    if (error.code === 'FORBIDDEN' && error.reason === 'ACCOUNT_BANNED') return { kind: 'suspended' };
  }
  return { kind: 'other', status: res.status };
}

export async function startThread(
  baseUrl: string,
  token: string,
  input: Json<PostCreate['requestBody']>,
): Promise<ScenarioOutcome> {
  const res = await post(baseUrl, '/community/post', token, input);
  if (res.status === 201) return { kind: 'logged', id: (res.body as Json<PostCreate['responses'][201]>).id };
  if (res.status === 403) {
    const error = res.body as Json<PostCreate['responses'][403]>;
    if (error.reason === 'PREMIUM_REQUIRED') return { kind: 'offer-premium' };
    if (error.reason === 'ACCOUNT_BANNED') return { kind: 'suspended' };
  }
  return { kind: 'other', status: res.status };
}
