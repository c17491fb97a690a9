// Settings made once and kept, and Web Push subscriptions, on PostgreSQL (migration 4).
import type pg from 'pg';
import type { PushStore, PushSubscriptionRecord } from '../store';

const SELECT = `SELECT endpoint, username, p256dh, auth, created_at AS "createdAt" FROM push_subscriptions`;

export function pgPushStore(pool: pg.Pool, run: <T>(work: () => Promise<T>) => Promise<T>): PushStore {
  const count = async (text: string, values: unknown[]) => (await pool.query(text, values)).rowCount ?? 0;
  return {
    keepSetting: (key, value) =>
      run(async () => {
        // Two statements: after waiting on a concurrent insert, ON CONFLICT DO NOTHING's own snapshot
        // would not see the row that won; the next statement's does.
        await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
          key,
          value,
        ]);
        const { rows } = await pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
          key,
        ]);
        const stored = rows[0]?.value;
        if (stored === undefined) throw new Error(`setting ${key} was not stored`);
        return stored;
      }),
    putPushSubscription: (s) =>
      run(async () => {
        await pool.query(
          `INSERT INTO push_subscriptions (endpoint, username, p256dh, auth, created_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (endpoint) DO UPDATE SET username = EXCLUDED.username, p256dh = EXCLUDED.p256dh,
             auth = EXCLUDED.auth, created_at = EXCLUDED.created_at`,
          [s.endpoint, s.username, s.p256dh, s.auth, s.createdAt],
        );
      }),
    listPushSubscriptions: (usernames) =>
      run(async () => {
        if (usernames.length === 0) return [];
        const { rows } = await pool.query<PushSubscriptionRecord>(
          `${SELECT} WHERE username = ANY($1::text[]) ORDER BY username, endpoint`,
          [[...usernames]],
        );
        return rows;
      }),
    deletePushSubscription: (endpoint, username) =>
      run(
        async () =>
          (username === undefined
            ? await count('DELETE FROM push_subscriptions WHERE endpoint = $1', [endpoint])
            : await count('DELETE FROM push_subscriptions WHERE endpoint = $1 AND username = $2', [
                endpoint,
                username,
              ])) > 0,
      ),
    deleteUserPushSubscriptions: (username) =>
      run(() => count('DELETE FROM push_subscriptions WHERE username = $1', [username])),
  };
}
