import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  secret: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Extra headers, such as X-Slack-Retry-Num. */
  headers?: Record<string, string>;
  /** Sign with this instead of the right signature (for the bad-signature test). */
  forgedSignature?: string;
}

/** POSTs `rawBody` as Slack would: signed, with the content type of the payload kind. */
export function postSigned(
  url: string,
  rawBody: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: SignedRequestOptions,
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': options.forgedSignature ?? signature(options.secret, timestamp, rawBody),
      ...options.headers,
    },
    body: rawBody,
  });
}

/** A slash command's body: its fields, form-encoded. */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity body: one form field `payload` holding the JSON. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
