/** What every push provider (FCM, APNs, the development log) takes and answers. */
export interface PushMessage {
  token: string;
  title: string;
  body: string;
  /** Same for every device and retry of one notification: the device shows duplicates once. */
  collapseKey: string;
}

/**
 * How the push service answered, reduced to what we do about it: `invalid_token` removes the
 * device, `retry` (429, 5xx, network) fails the job so pg-boss retries it with backoff, `failed`
 * (anything else) goes to the dead-letter queue.
 */
export type PushResult =
  | { status: 'sent' }
  | { status: 'invalid_token'; reason: string }
  | { status: 'retry'; reason: string }
  | { status: 'failed'; reason: string };

export interface PushProvider {
  readonly name: string;
  send(message: PushMessage): Promise<PushResult>;
  close(): Promise<void>;
}

/** 429 and 5xx are the push services' "try again later"; everything else will not improve by waiting. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;
