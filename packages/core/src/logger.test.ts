import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './logger.ts';

it('redacts authorization headers, passwords, codes, tokens and content', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  logger.info(
    {
      req: { headers: { authorization: 'Bearer eyJ.secret.jwt', cookie: 'sid=1' } },
      body: { password: 'hunter22', new_password: 'hunter33', code: '12345678', refresh_token: 'rt-secret' },
      job: { data: { code: '87654321' }, token: 'device-token' },
      entry: { content: 'dear diary' },
    },
    'request',
  );
  const line = lines.join('');
  for (const secret of [
    'eyJ.secret.jwt',
    'sid=1',
    'hunter22',
    'hunter33',
    '12345678',
    'rt-secret',
    '87654321',
    'device-token',
    'dear diary',
  ]) {
    expect(line).not.toContain(secret);
  }
  expect(line).toContain('[redacted]');
});
