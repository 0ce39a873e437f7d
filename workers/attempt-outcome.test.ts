import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { attemptError } from './attempt-outcome.ts';

describe('an unexpected exception during a platform call', () => {
  it('is retried, and tells the officer in words what happens, the exception text kept for an administrator', () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'id')");
    const e = attemptError(err, createLogger('silent'));
    expect(e).toMatchObject({ kind: 'transient', code: 'UNCLASSIFIED', sideEffectPossible: false });
    expect(e.messages.vi).toBe('Loa gặp một lỗi bất ngờ khi gửi bài tới nền tảng; Loa sẽ tự thử lại vài lần. Nếu vẫn không được, hãy báo quản trị viên (mã lỗi ghi ở mục "Các lần thử")');
    expect(e.messages.vi).not.toContain('Cannot read');
    expect(e.excerpt).toBe("Cannot read properties of undefined (reading 'id')");
  });
});
