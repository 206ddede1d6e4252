export function mp4(size: number, seed?: number): Buffer;
export function brokenMp4(size: number, seed?: number): Buffer;
export function writeMp4File(path: string, size: number, seed?: number): Promise<void>;
export function png(size: number, options?: { width?: number; height?: number; seed?: number }): Buffer;
export function gif(frames?: number, options?: { width?: number; height?: number }): Buffer;
