import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestHandler } from 'express';

// Past what one core can answer, every request used to be taken in and answered late: at twice that
// rate acknowledgements took 11 to 15 s, Slack re-sent what it thought lost (more load), and some
// questions lost their reply. Now the excess is refused at once with 503 and Retry-After, before its
// body is read; Slack and Teams send it again, and deduplication makes that safe. What is admitted is
// answered in time.
//
// Two signals, either of which sheds:
// - the event loop's delay, while work is queued: when answering takes more CPU than there is,
//   timers and I/O start late, and every request admitted now would wait behind the backlog. A late
//   loop with little in hand (start-up, a long garbage collection, a busy machine) is no queue, and
//   refusing then would only turn away the first questions after a start;
// - the requests being handled: a bound on memory and on the queue, whatever the CPU.

export interface LoadSheddingOptions {
  /**
   * Shed while the event loop is later than this: its mean delay over the last window, or the window
   * timer's own lateness. A server keeping up with 200 requests/s measures a few ms; set higher, an
   * overload is seen too late and the admitted wait behind it (measured with npm run bench:load: at
   * 800 requests/s, 30 ms let acknowledgements reach 11 s; 5 ms, read every 25 ms, keeps their p99 under 100 ms).
   */
  maxEventLoopDelayMs?: number;
  /**
   * Requests admitted and not yet finished (their answer's work included, through `busy`). An answer
   * takes about 2.5 to 3 ms of CPU, so 24 in hand is well under 100 ms of work queued, the
   * acknowledgement target (measured with npm run bench:load at 800 requests/s: 40 let the p99 reach
   * 117 ms, 32 106 ms, 24 90 ms).
   */
  maxInFlight?: number;
  /**
   * The event loop's delay sheds only with at least this many in hand: at 200 requests/s a garbage
   * collection alone made the loop late with 8 in hand, and refused questions a quiet server could answer.
   */
  minQueued?: number;
  /** How often the delay is read: at 100 ms an overload went unseen for long enough to queue 80 requests. */
  windowMs?: number;
  /** Work still going on for requests whose HTTP response is already sent (Slack acknowledges first). */
  busy?: () => number;
}

export const LOAD_SHEDDING_DEFAULTS = {
  maxEventLoopDelayMs: 5,
  maxInFlight: 24,
  minQueued: 12,
  windowMs: 25,
} as const;

/** The delay histogram samples this often; what it records is this interval plus the delay. */
const RESOLUTION_MS = 10;

export class LoadShedding {
  private readonly maxDelayNs: number;
  private readonly maxInFlight: number;
  private readonly minQueued: number;
  private readonly busy: () => number;
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly timer: NodeJS.Timeout;
  private inFlight = 0;
  private lastRead = performance.now();
  private readonly windowMs: number;
  private overloaded = false;
  /** Requests refused so far (for the log and the benchmark). */
  shed = 0;

  constructor(options: LoadSheddingOptions = {}) {
    const settings = { ...LOAD_SHEDDING_DEFAULTS, ...options };
    this.maxDelayNs = settings.maxEventLoopDelayMs * 1e6;
    this.maxInFlight = settings.maxInFlight;
    this.minQueued = settings.minQueued;
    this.busy = options.busy ?? (() => 0);
    this.windowMs = settings.windowMs;
    this.histogram.enable();
    this.timer = setInterval(() => this.readDelay(), settings.windowMs).unref();
  }

  /** Express middleware for the POST routes: admits the request, or refuses it with 503 at once. */
  readonly admit: RequestHandler = (_request, response, next) => {
    const inHand = this.inFlight + this.busy();
    if ((this.overloaded && inHand >= this.minQueued) || inHand >= this.maxInFlight) {
      this.shed++;
      // Keep-alive: the platform will send again soon, on the same connection.
      response.set('Retry-After', '1');
      response.status(503).type('text/plain').send('The server is busy; try again');
      return;
    }
    this.inFlight++;
    response.once('close', () => {
      this.inFlight--;
    });
    next();
  };

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private readDelay(): void {
    // This timer's own lateness: a loop so busy that the histogram took no sample in the window is the
    // most overloaded of all. Otherwise the mean, not the maximum: one garbage collection is a pause.
    const now = performance.now();
    const lateNs = (now - this.lastRead - this.windowMs) * 1e6;
    this.lastRead = now;
    const meanDelayNs = this.histogram.count > 0 ? this.histogram.mean - RESOLUTION_MS * 1e6 : 0;
    this.overloaded = lateNs > this.maxDelayNs || meanDelayNs > this.maxDelayNs;
    this.histogram.reset();
  }
}
