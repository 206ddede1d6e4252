import { describe, expect, it } from 'vitest';
import { processingInfoAt } from '../../../src/sandbox/media/processing.js';

const pace = { stepMs: 100, steps: 4, checkAfterSecs: 3 };

describe('processingInfoAt', () => {
  it('walks pending → in_progress → succeeded as steps pass', () => {
    expect(processingInfoAt(0, pace, undefined)).toEqual({ state: 'pending', check_after_secs: 3 });
    expect(processingInfoAt(99, pace, undefined).state).toBe('pending');
    expect(processingInfoAt(100, pace, undefined)).toEqual({
      state: 'in_progress',
      check_after_secs: 3,
      progress_percent: 25,
    });
    expect(processingInfoAt(399, pace, undefined)).toEqual({
      state: 'in_progress',
      check_after_secs: 3,
      progress_percent: 75,
    });
    expect(processingInfoAt(400, pace, undefined)).toEqual({ state: 'succeeded', progress_percent: 100 });
  });

  it('fails half way with InvalidMedia and the progress reached', () => {
    expect(processingInfoAt(100, pace, 'Unsupported video format').state).toBe('in_progress');
    expect(processingInfoAt(200, pace, 'Unsupported video format')).toEqual({
      state: 'failed',
      progress_percent: 50,
      error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
    });
  });

  it('copes with a single step and a clock that moved backwards', () => {
    expect(processingInfoAt(100, { stepMs: 100, steps: 1, checkAfterSecs: 1 }, undefined).state).toBe(
      'succeeded',
    );
    expect(processingInfoAt(-5000, pace, undefined).state).toBe('pending');
  });
});
