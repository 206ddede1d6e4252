// A progress bar on stderr for uploads (cli-progress), quiet when stderr is not a terminal.

import { SingleBar } from 'cli-progress';
import type { UploadProgress } from '../index.js';

export interface UploadBar {
  update(progress: UploadProgress): void;
  stop(): void;
}

export function uploadBar(label: string): UploadBar {
  if (!process.stderr.isTTY) {
    let lastPhase = '';
    return {
      update(p) {
        if (p.phase !== lastPhase) process.stderr.write(`${label}: ${p.phase}\n`);
        lastPhase = p.phase;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} {phase} [{bar}] {percentage}% | {sent}/{size}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
  let started = false;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  return {
    update(p) {
      const value =
        p.phase === 'processing'
          ? (p.processingPercent ?? 0)
          : p.phase === 'done'
            ? 100
            : (p.bytesSent / p.totalBytes) * 100;
      const payload = { phase: p.phase.padEnd(10), sent: kb(p.bytesSent), size: kb(p.totalBytes) };
      if (!started) {
        bar.start(100, Math.round(value), payload);
        started = true;
      } else bar.update(Math.round(value), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
