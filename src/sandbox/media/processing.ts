// The video/GIF processing state machine X reports in processing_info, as a pure function of the time
// since FINALIZE: pending → in_progress (progress_percent) → succeeded, or failed with InvalidMedia.

export interface MediaProcessingPace {
  /** Clock time between two processing steps. */
  stepMs: number;
  /** Steps from pending to done; in_progress is visible when steps >= 2. */
  steps: number;
  /** The check_after_secs told to clients. */
  checkAfterSecs: number;
}

export type ProcessingState = 'pending' | 'in_progress' | 'succeeded' | 'failed';

export interface ProcessingInfo {
  state: ProcessingState;
  check_after_secs?: number;
  progress_percent?: number;
  error?: { code: number; name: string; message: string };
}

/**
 * `failure` is the message of media that will not play; it shows once half the steps have passed,
 * with the progress reached by then (X's example fails at 12%).
 */
export function processingInfoAt(
  elapsedMs: number,
  pace: MediaProcessingPace,
  failure: string | undefined,
): ProcessingInfo {
  const totalSteps = Math.max(1, Math.floor(pace.steps));
  const step = Math.floor(elapsedMs / Math.max(1, pace.stepMs));
  const percent = (at: number) => Math.min(100, Math.round((at * 100) / totalSteps));
  if (failure !== undefined) {
    const failStep = Math.max(1, Math.floor(totalSteps / 2));
    if (step >= failStep) {
      return {
        state: 'failed',
        progress_percent: percent(failStep),
        error: { code: 1, name: 'InvalidMedia', message: failure },
      };
    }
  }
  if (step <= 0) return { state: 'pending', check_after_secs: pace.checkAfterSecs };
  if (step < totalSteps) {
    return { state: 'in_progress', check_after_secs: pace.checkAfterSecs, progress_percent: percent(step) };
  }
  return { state: 'succeeded', progress_percent: 100 };
}
