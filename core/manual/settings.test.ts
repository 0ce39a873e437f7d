import { describe, expect, it } from 'vitest';
import { taskTimes } from './settings.ts';

const opened = new Date('2026-11-23T01:00:00Z');
const hoursAfter = (d: Date | null) => (d ? (d.getTime() - opened.getTime()) / 3600_000 : null);

describe('deadline and reminder of an officer task, from the channel settings', () => {
  it('defaults: due in 24 h, reminded 3 h before', () => {
    const t = taskTimes({}, opened);
    expect(hoursAfter(t.deadlineAt)).toBe(24);
    expect(hoursAfter(t.remindAt)).toBe(21);
  });

  it('per channel, fractions and numeric strings allowed; 0 turns reminders off', () => {
    expect(hoursAfter(taskTimes({ deadlineHours: 6, reminderHoursBefore: 1.5 }, opened).remindAt)).toBe(4.5);
    expect(hoursAfter(taskTimes({ deadlineHours: '0.5' }, opened).deadlineAt)).toBe(0.5);
    expect(taskTimes({ reminderHoursBefore: 0 }, opened).remindAt).toBeNull();
  });

  it('no reminder that would come before the task opens; nonsense falls back to the defaults', () => {
    expect(taskTimes({ deadlineHours: 2, reminderHoursBefore: 3 }, opened).remindAt).toBeNull();
    for (const bad of [-1, 0, 'abc', null, 100_000, Number.NaN]) {
      expect(hoursAfter(taskTimes({ deadlineHours: bad }, opened).deadlineAt), String(bad)).toBe(24);
    }
  });
});
