// A registered webhook, as the webhook routes keep it and the Account Activity routes deliver to it.
import type { SandboxApp } from '../context.js';

export interface Webhook {
  readonly id: string;
  readonly app: SandboxApp;
  readonly url: string;
  valid: boolean;
  readonly createdAt: number;
  /** Stream link to the app's filtered stream, if any. */
  linkedAt?: number;
  readonly sent: { readonly at: number; readonly payload: string }[];
  /** Deliveries go one after another, so the webhook receives them in the order they happened. */
  queue: Promise<unknown>;
}
