import { createPublicKey } from 'node:crypto';
// Not exported from the package's index; botbuilder reads this same module (one copy, pinned in package.json).
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';
import type { Logger } from '../../src/index.js';

// The keys that sign the Bot Framework's tokens, as botbuilder reads them (its OpenIdMetadata) but safe
// under attack. botbuilder fetches them on the first request after a start, again every 24 hours and
// on demand for an unknown key id: with no timeout, once per waiting request, and with every request
// waiting on the fetch. A flood of made-up tokens during one slow fetch then held every body in memory
// until the process ran out. Here the keys are fetched at start-up, with a timeout, by one fetch that
// every waiting request shares; after 24 hours they are refreshed in the background while the old ones
// go on being used, and a failed refresh keeps the last good keys.

/** Microsoft's metadata endpoints answer in well under a second; a fetch that takes longer has failed. */
export const KEY_FETCH_TIMEOUT_MS = 5_000;
/** botbuilder's own interval. */
const REFRESH_EVERY_MS = 24 * 60 * 60 * 1000;
/** An unknown key id (Microsoft rotated its keys, or a forged token) asks again at most this often. */
const UNKNOWN_KEY_RETRY_MS = 5 * 60 * 1000;
/** After a failed fetch, requests are refused at once rather than each starting another fetch. */
const RETRY_AFTER_FAILURE_MS = 10_000;
/** The metadata and key documents are a few KB. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

/** What botbuilder's JwtTokenExtractor asks of its key source: the key as PEM, and its endorsements. */
export interface SigningKey {
  key: string;
  endorsements?: string[];
}

interface JsonWebKey {
  kid?: unknown;
  n?: unknown;
  e?: unknown;
  endorsements?: unknown;
}

export interface SigningKeysOptions {
  logger: Logger;
  timeoutMs?: number;
}

/** The keys published at one OpenID metadata URL. */
export class SigningKeys {
  private keys = new Map<string, SigningKey>();
  private fetchedAt = 0;
  private attemptedAt = 0;
  private fetching: Promise<void> | undefined;
  private failing = false;

  constructor(
    readonly url: string,
    private readonly options: SigningKeysOptions,
  ) {}

  /** Resolves once the first fetch has ended, however it ended. */
  ready(): Promise<void> {
    return this.refresh();
  }

  async getKey(keyId: unknown): Promise<SigningKey | null> {
    const now = Date.now();
    const mayFetch = now - this.attemptedAt > RETRY_AFTER_FAILURE_MS;
    if (this.keys.size === 0) {
      if (this.fetching || mayFetch) await this.refresh();
      // A server-side failure (500, which the Bot Framework retries), not a bad token (401).
      if (this.keys.size === 0) throw new Error("the Bot Framework's signing keys could not be fetched");
    } else if (now - this.fetchedAt > REFRESH_EVERY_MS && mayFetch) {
      void this.refresh();
    }
    if (typeof keyId !== 'string') return null;
    const key = this.keys.get(keyId);
    if (key) return key;
    if (now - this.attemptedAt > UNKNOWN_KEY_RETRY_MS) {
      await this.refresh();
      return this.keys.get(keyId) ?? null;
    }
    return null;
  }

  /** One fetch at a time; everyone who asks meanwhile waits for the same one. Never rejects. */
  refresh(): Promise<void> {
    this.fetching ??= this.fetchKeys().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = Date.now();
    const { logger, timeoutMs = KEY_FETCH_TIMEOUT_MS } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const metadata = (await fetchJson(this.url, signal)) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri !== 'string') throw new Error('the metadata has no jwks_uri');
      const { keys } = (await fetchJson(metadata.jwks_uri, signal)) as { keys?: unknown };
      if (!Array.isArray(keys)) throw new Error('the key document has no keys');
      const usable = readKeys(keys);
      if (usable.size === 0) throw new Error('the key document has no RSA keys');
      this.keys = usable;
      this.fetchedAt = Date.now();
      if (this.failing) logger.info(`Teams: the Bot Framework's signing keys could be fetched again (${this.url})`);
      this.failing = false;
    } catch (error) {
      // Logged once per outage, not once per request that waited.
      if (!this.failing) {
        const kept = this.keys.size > 0 ? `; still using the ${this.keys.size} keys fetched before` : '';
        logger.warn(
          `Teams: could not fetch the Bot Framework's signing keys from ${this.url}: ${reason(error)}${kept}`,
        );
      }
      this.failing = true;
    }
  }
}

/**
 * Puts SigningKeys in botbuilder's place for every metadata URL it asks for, and starts fetching the
 * keys at `urls` now. botbuilder keeps its key sources in a static map by URL (JwtTokenExtractor's
 * openIdMetadataCache) and looks there before making its own; whatever is installed is shared by every
 * adapter in the process, as botbuilder's own are.
 */
export function installSigningKeys(urls: readonly string[], options: SigningKeysOptions): SigningKeys[] {
  const extractor = JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, unknown> };
  const cache = extractor.openIdMetadataCache;
  if (!(cache instanceof SigningKeysByUrl)) {
    extractor.openIdMetadataCache = new SigningKeysByUrl(options);
  }
  const installed = extractor.openIdMetadataCache as SigningKeysByUrl;
  return urls.map((url) => {
    const keys = installed.get(url);
    void keys.ready();
    return keys;
  });
}

/** The map botbuilder reads: a SigningKeys for any URL it asks for, made on first use. */
class SigningKeysByUrl extends Map<string, SigningKeys> {
  constructor(private readonly options: SigningKeysOptions) {
    super();
  }

  override get(url: string): SigningKeys {
    let keys = super.get(url);
    if (!keys) {
      keys = new SigningKeys(url, this.options);
      super.set(url, keys);
    }
    return keys;
  }
}

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw new Error(`the document is over ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) throw new Error(`the document is over ${MAX_DOCUMENT_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('the document is not JSON');
  }
}

/** RSA keys by key id, as PEM (what jsonwebtoken verifies with). Other keys are skipped, as botbuilder does. */
function readKeys(keys: unknown[]): Map<string, SigningKey> {
  const usable = new Map<string, SigningKey>();
  for (const jwk of keys as JsonWebKey[]) {
    if (typeof jwk?.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    try {
      const pem = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      const endorsements = Array.isArray(jwk.endorsements)
        ? jwk.endorsements.filter((value): value is string => typeof value === 'string')
        : undefined;
      usable.set(jwk.kid, { key: pem, ...(endorsements ? { endorsements } : {}) });
    } catch {
      // A key Node cannot read cannot verify anything.
    }
  }
  return usable;
}

function reason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? (error.message.split('\n')[0]?.slice(0, 200) ?? error.name) : 'unknown error';
}
