/**
 * The key that identifies one delivery of a request body: the event_id of an Events API event, or the
 * trigger_id of a slash command, shortcut or button click. Undefined when the body has neither.
 */
export function deliveryKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.event_id === 'string' && record.event_id) return `event:${record.event_id}`;
  if (typeof record.trigger_id === 'string' && record.trigger_id) return `trigger:${record.trigger_id}`;
  return undefined;
}
