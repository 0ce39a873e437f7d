import { describe, expect, it, vi } from 'vitest';

// The demo must serve the officer app it advertises: on a fresh clone web/dist does not
// exist, so runDemo builds it (as `npm start` does) before it opens anything else.
const calls: string[] = [];
vi.mock('../web/build.ts', () => ({ ensureWebBuild: vi.fn(async () => void calls.push('ensureWebBuild')) }));
vi.mock('../../db/open.ts', () => ({
  openDatabase: vi.fn(async () => {
    calls.push('openDatabase');
    throw new Error('stop here');
  }),
}));

describe('npm run demo', () => {
  it('builds the web app when missing or stale before starting', async () => {
    const { runDemo } = await import('./run.ts');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(runDemo({ reset: false })).rejects.toThrow('stop here');
    } finally {
      write.mockRestore();
    }
    expect(calls).toEqual(['ensureWebBuild', 'openDatabase']);
  });
});
