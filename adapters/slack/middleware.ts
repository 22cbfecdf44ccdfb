import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { DeliveryLog } from '../../src/index.js';
import { deliveryKey } from './dedupe.js';

/**
 * Drops a delivery already handled (same event_id, or same trigger_id), so each event gets exactly one
 * reply whether Slack re-sends it (a retry) or delivers it twice. A retry seen for the first time is
 * handled: its first delivery may never have reached us. A repeated command or click is still acked.
 */
export function dropRepeatedDeliveries(deliveries: DeliveryLog): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key === undefined || (await deliveries.claim(key))) {
      await args.next();
      return;
    }
    const retry = args.context.retryNum === undefined ? '' : ` (retry ${args.context.retryNum})`;
    args.logger.info(`Dropped a repeated delivery of ${key}${retry}`);
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
  };
}

/** Counts the requests being handled, so that tests and shutdown can wait until every reply is out. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Requests being handled now, their answer's work included. */
  get handling(): number {
    return this.count;
  }

  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    this.count++;
    try {
      // An event's acknowledgement is already written: let the event loop send it (and read other
      // requests) before the answer's work begins.
      await new Promise((resolve) => setImmediate(resolve));
      await next();
    } finally {
      this.count--;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  };

  /** Resolves when no request is being handled (after letting any that just arrived begin). */
  async idle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.count === 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
