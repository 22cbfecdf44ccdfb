import type { WriteHealth } from '../src/index.js';

/** The two levels both platforms' loggers have. */
interface HealthLogger {
  error(message: string): void;
  info(message: string): void;
}

/**
 * Logs when the database stops taking writes, once per outage rather than once per request, and when
 * it takes them again. Meanwhile every question is still answered (see DeliveryLog) and GET /readyz
 * answers 503 with the same reason.
 */
export function logStoreHealth(writes: WriteHealth, logger: HealthLogger): void {
  writes.onChange((failure) => {
    if (failure !== undefined) {
      logger.error(
        `The database cannot be written (${failure}). Still answering: delivery ids are kept in memory, ` +
          'and feedback and counts are lost until it can be written again. GET /readyz answers 503.',
      );
    } else {
      logger.info('The database can be written again.');
    }
  });
}
