import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SigningKeys } from '../../adapters/teams/signing-keys.js';

// The Bot Framework's signing keys as the Teams endpoint fetches them, from a stand-in for Microsoft's
// OpenID metadata on 127.0.0.1 that can be slow, silent or broken.

type Mode = 'ok' | 'hang' | 'error' | 'huge' | 'garbage';

let server: Server;
let base = '';
let mode: Mode = 'ok';
let metadataRequests = 0;
let jwk: Record<string, unknown>;
const logs: string[] = [];
const logger = {
  debug: () => {},
  info: (line: string) => logs.push(`info ${line}`),
  warn: (line: string) => logs.push(`warn ${line}`),
  error: (line: string) => logs.push(`error ${line}`),
};

beforeEach(async () => {
  mode = 'ok';
  metadataRequests = 0;
  logs.length = 0;
  jwk = { ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'k1', endorsements: ['msteams'] };
  server = createServer((request, response) => {
    if (request.url === '/metadata') metadataRequests++;
    if (mode === 'hang') return; // never answers
    if (mode === 'error') {
      response.writeHead(502).end('<html>Bad gateway</html>');
      return;
    }
    response.setHeader('content-type', 'application/json');
    if (request.url === '/metadata') response.end(JSON.stringify({ jwks_uri: `${base}/keys` }));
    else if (mode === 'huge') response.end(JSON.stringify({ keys: [jwk], pad: 'x'.repeat(1024 * 1024) }));
    else if (mode === 'garbage') response.end('{"keys": [');
    else response.end(JSON.stringify({ keys: [jwk, { kid: 'ec', kty: 'EC' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const keysAt = (timeoutMs = 300) => new SigningKeys(`${base}/metadata`, { logger, timeoutMs });

describe('SigningKeys', () => {
  it('one fetch serves every request that waits for it; the key comes back as PEM with its endorsements', async () => {
    const keys = keysAt();
    const found = await Promise.all(Array.from({ length: 50 }, () => keys.getKey('k1')));
    expect(metadataRequests).toBe(1);
    expect(found[0]?.key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(found[0]?.endorsements).toEqual(['msteams']);
    expect(await keys.getKey('ec')).toBeNull(); // not an RSA key: skipped, as botbuilder does
  });

  it('a metadata endpoint that never answers is given up on at the timeout: a server error, logged once', async () => {
    mode = 'hang';
    const keys = keysAt(300);
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => keys.getKey('k1')));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(metadataRequests).toBe(1);
    // Right after a failure, requests are refused at once instead of each starting a fetch.
    await expect(keys.getKey('k1')).rejects.toThrow(/could not be fetched/);
    expect(metadataRequests).toBe(1);
    expect(logs.filter((line) => line.startsWith('warn'))).toHaveLength(1);
    expect(logs[0]).toContain('no answer in time');
  });

  it.each<Mode>(['error', 'huge', 'garbage'])(
    'a failed refresh (%s) keeps the keys fetched before',
    async (failure) => {
      const keys = keysAt();
      expect(await keys.getKey('k1')).not.toBeNull();
      mode = failure;
      await keys.refresh();
      expect(await keys.getKey('k1')).not.toBeNull();
      expect(logs.join('\n')).toContain('still using the 1 keys fetched before');
      expect(logs.join('\n')).not.toContain('Bad gateway'); // the upstream body is never logged
      mode = 'ok';
      await keys.refresh();
      expect(logs.at(-1)).toMatch(/^info .*could be fetched again/);
    },
  );

  it('an unknown key id does not start a fetch per request (at most one every few minutes)', async () => {
    const keys = keysAt();
    await keys.getKey('k1');
    const unknown = await Promise.all(Array.from({ length: 20 }, (_, i) => keys.getKey(`made-up-${i}`)));
    expect(unknown.every((key) => key === null)).toBe(true);
    expect(metadataRequests).toBe(1);
  });
});
