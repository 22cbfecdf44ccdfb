import type Database from 'better-sqlite3';
import type { DeliveryLog } from '../../../src/index.js';
import { MemoryDeliveries } from '../memory-deliveries.js';
import type { WriteHealthTracker } from '../write-health.js';

/**
 * The delivery log in the `deliveries` table. When a key cannot be written (the disk is full, say), the
 * delivery is still handled, exactly once: the key is claimed in memory instead. A key the file already
 * holds is still found there, as a repeat changes no row and so needs no space.
 */
export function deliveryLog(
  db: Database.Database,
  now: () => Date,
  ttlMs: number,
  health: WriteHealthTracker,
): DeliveryLog {
  // One statement checks and records: a key still remembered is left alone (no row changes).
  const claim = db.prepare(
    `INSERT INTO deliveries (key, expires_at) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE deliveries.expires_at <= ?`,
  );
  const inMemory = new MemoryDeliveries(ttlMs);
  return {
    async claim(key) {
      const at = now().getTime();
      // Claimed while writes failed: the file does not know it, even once it can be written again.
      if (inMemory.has(key, at)) return false;
      try {
        return health.write(() => claim.run(key, at + ttlMs, at).changes === 1);
      } catch {
        // The failure is the store's to report (once, through its WriteHealth), not each delivery's.
        return inMemory.claim(key, at);
      }
    },
  };
}
