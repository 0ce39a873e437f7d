import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild, redactUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger('debug', sink), lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger redaction', () => {
  it('blanks credentials and tokens wherever a log call puts them, at debug level too', () => {
    const { log, lines } = capture();
    log.debug({ credentials: { pageAccessToken: 'EAAB-1' } }, 'a');
    log.info({ channel: { credentials: { refreshToken: 'RT-2' } } }, 'b');
    log.warn({ body: { pageAccessToken: 'EAAB-3', applicationPassword: 'abcd efgh' } }, 'c');
    log.error({ result: { clientSecret: 'CS-4', appSecret: 'AS-5', webhookSecret: 'whsec_6' } }, 'd');
    log.info({ user: { password: 'mat-khau-7' }, token: 'loa_8', accessToken: 'AT-9' }, 'e');
    log.info({ req: { headers: { authorization: 'Bearer loa_10', cookie: 'loa_session=11' } } }, 'f');
    const all = lines.join('');
    for (const secret of ['EAAB-1', 'RT-2', 'EAAB-3', 'abcd efgh', 'CS-4', 'AS-5', 'whsec_6', 'mat-khau-7', 'loa_8', 'AT-9', 'loa_10', 'loa_session=11']) {
      expect(all).not.toContain(secret);
    }
    expect(all.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(10);
  });

  it("blanks them in a child's bindings, in headers, and in an error's own properties and causes, keeping the error's message and stack", () => {
    const { log, lines, parsed } = capture();
    log.child({ channel: { credentials: 'CR-12' }, token: 'loa_13' }).info({ res: { headers: { 'Set-Cookie': 'loa_session=14' } } }, 'g');
    const err = Object.assign(new Error('refresh failed', { cause: Object.assign(new Error('inner'), { credentials: { accessToken: 'AT-15' } }) }), {
      response: { body: { clientSecret: 'CS-16' } },
    });
    log.warn({ err, attempts: [{ secret: 'S-17' }] }, 'h');
    const all = lines.join('');
    for (const secret of ['CR-12', 'loa_13', 'loa_session=14', 'AT-15', 'CS-16', 'S-17']) expect(all).not.toContain(secret);
    const logged = parsed()[1]!.err as { type: string; message: string; stack: string };
    expect(logged).toMatchObject({ type: 'Error', message: 'refresh failed: inner' });
    expect(logged.stack).toMatch(/^Error: refresh failed\n {4}at /);
    expect(err.response.body.clientSecret).toBe('CS-16');
  });

  it("writes a lazy child's lines with its bindings (redacted), and none below the level", () => {
    const { log, parsed } = capture();
    const info = createLogger('info', new Writable({ write: (_c, _e, cb) => cb() }));
    let asked = 0;
    const quiet = lazyChild(info, () => ({ deliveryId: 'd-0', n: ++asked }));
    quiet.debug({ a: 1 }, 'below the level');
    expect(asked).toBe(0);
    const lazy = lazyChild(log, () => ({ deliveryId: 'd-1', credentials: { secret: 'whsec_18' } }));
    lazy.info({ webhookId: 'msg_d-1' }, 'i');
    lazy.child({ step: 2 }).warn('j');
    const [i, j] = parsed();
    expect(i).toMatchObject({ msg: 'i', deliveryId: 'd-1', webhookId: 'msg_d-1', credentials: '[redacted]' });
    expect(j).toMatchObject({ msg: 'j', deliveryId: 'd-1', step: 2, level: 40 });
  });

  it('masks secret-looking query parameters and keeps the others', () => {
    expect(redactUrl('/setup?token=setup_abc')).toBe('/setup?token=[redacted]');
    expect(redactUrl('/cb?code=4/0Ab&state=xyz&access_token=EAAB&x=1')).toBe('/cb?code=[redacted]&state=xyz&access_token=[redacted]&x=1');
    expect(redactUrl('/api/v1/channels?platform=webhook&limit=2')).toBe('/api/v1/channels?platform=webhook&limit=2');
    expect(redactUrl('/x?%74oken=abc&flag')).toBe('/x?%74oken=[redacted]&flag');
    expect(redactUrl('/plain')).toBe('/plain');
  });

  it('logs fastify requests without the one-time token in the URL', async () => {
    const { log, parsed } = capture();
    const app = Fastify({ loggerInstance: log as FastifyBaseLogger });
    app.get('/setup', async () => 'ok');
    await app.inject({ method: 'GET', url: '/setup?token=setup_secret_123&lang=vi' });
    await app.close();
    const incoming = parsed().find((l) => l.msg === 'incoming request') as { req: { url: string; method: string } };
    expect(incoming.req).toMatchObject({ method: 'GET', url: '/setup?token=[redacted]&lang=vi' });
  });

  it("drops a failed query's parameters from the logged error, keeping the query and the cause", () => {
    const { log, lines, parsed } = capture();
    const cause = new Error('duplicate key value violates unique constraint');
    const err = new DrizzleQueryError('insert into "channels" ("name", "credentials_sealed") values ($1, $2)', ['Fanpage', 'v1.k.iv.tag.SEALED'], cause);
    log.error({ err }, 'request failed');
    expect(lines.join('')).not.toContain('SEALED');
    const logged = parsed()[0]!.err as { message: string; stack: string };
    expect(logged.message).toBe('Failed query: insert into "channels" ("name", "credentials_sealed") values ($1, $2)\nparams: [redacted]');
    expect(logged.stack).toContain('params: [redacted]');
    expect(logged.stack).toMatch(/\n {4}at /);
    expect(lines.join('')).toContain('duplicate key value');
  });
});
