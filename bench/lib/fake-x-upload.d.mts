export interface FakeUploadServer {
  readonly url: string;
  readonly credentials: {
    readonly consumerKey: string;
    readonly consumerSecret: string;
    readonly accessToken: string;
    readonly accessTokenSecret: string;
  };
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export function startFakeUploadServer(options?: {
  appendFailures?: number;
  linkMBps?: number;
}): Promise<FakeUploadServer>;
