import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';

// What is checked of a Teams request before its body is read: that it carries something that can be a
// Bot Framework token at all, and that not too many requests are already waiting for theirs to be checked.

/**
 * Requests whose token is still being checked. With the signing keys at hand a check takes well under a
 * millisecond, so this many only wait at once while the keys are being fetched, or under a flood.
 */
export const MAX_UNVERIFIED_REQUESTS = 32;
/** Bot Framework tokens are 1 to 2 KB. */
const MAX_TOKEN_LENGTH = 8 * 1024;
/** A JWS in compact serialisation: three base64url parts. */
const BEARER_TOKEN = /^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Counts the requests between their arrival and the end of their token check, their body included.
 * A request admitted here is counted until the authentication calls `verified()` inside `run` (which
 * finds its own request through AsyncLocalStorage) or its response closes, whichever comes first.
 */
export class VerificationGate {
  private waiting = 0;
  private readonly releases = new WeakMap<IncomingMessage, () => void>();
  private readonly current = new AsyncLocalStorage<() => void>();

  constructor(private readonly max = MAX_UNVERIFIED_REQUESTS) {}

  get unverified(): number {
    return this.waiting;
  }

  /**
   * A refusal for a request that cannot be a Bot Framework request, or that finds the gate full;
   * otherwise undefined, and the request is counted.
   */
  admit(request: IncomingMessage, response: ServerResponse, anonymous: boolean): Refusal | undefined {
    if (!anonymous) {
      const authorization = request.headers.authorization;
      if (!authorization || authorization.length > MAX_TOKEN_LENGTH || !BEARER_TOKEN.test(authorization)) {
        return { status: 401, message: 'A Bot Framework token (Authorization: Bearer) is required' };
      }
    }
    if (this.waiting >= this.max) {
      return {
        status: 503,
        message: 'Too many requests are being checked; try again',
        headers: { 'retry-after': '1' },
      };
    }
    this.waiting++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.waiting--;
    };
    this.releases.set(request, release);
    response.once('close', release);
    return undefined;
  }

  /** Runs `work` (the request's processing) so that `verified()` inside it releases this request. */
  run<T>(request: IncomingMessage, work: () => Promise<T>): Promise<T> {
    return this.current.run(this.releases.get(request) ?? (() => {}), work);
  }

  /** Called by the authentication when the current request's token check has ended, either way. */
  verified(): void {
    this.current.getStore()?.();
  }
}

/** Teams' service URLs are under 100 characters, its conversation ids under 300. */
export const MAX_SERVICE_URL_LENGTH = 512;
export const MAX_CONVERSATION_ID_LENGTH = 512;

/**
 * What is wrong with an activity's reply address, if anything: the bot posts its reply to `serviceUrl`
 * and may remember both for the weekly post, so neither may be of any size or kind.
 */
export function replyAddressProblem(activity: { serviceUrl?: unknown; conversation?: unknown }): string | undefined {
  const { serviceUrl } = activity;
  if (serviceUrl !== undefined) {
    if (typeof serviceUrl !== 'string' || serviceUrl.length > MAX_SERVICE_URL_LENGTH) {
      return `serviceUrl must be a URL of at most ${MAX_SERVICE_URL_LENGTH} characters`;
    }
    if (!URL.canParse(serviceUrl) || !/^https?:$/.test(new URL(serviceUrl).protocol)) {
      return 'serviceUrl must be an http(s) URL';
    }
  }
  const id = (activity.conversation as { id?: unknown } | undefined)?.id;
  if (id !== undefined && (typeof id !== 'string' || id.length > MAX_CONVERSATION_ID_LENGTH)) {
    return `conversation.id must be a string of at most ${MAX_CONVERSATION_ID_LENGTH} characters`;
  }
  return undefined;
}
