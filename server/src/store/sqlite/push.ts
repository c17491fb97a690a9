// Settings made once and kept, and Web Push subscriptions, on SQLite (migration 7).
import type Database from 'better-sqlite3';
import type { PushSubscriptionRecord } from '../store';

interface SubscriptionRow {
  endpoint: string;
  username: string;
  p256dh: string;
  auth: string;
  created_at: number;
}

const fromRow = (r: SubscriptionRow): PushSubscriptionRecord => ({
  endpoint: r.endpoint,
  username: r.username,
  p256dh: r.p256dh,
  auth: r.auth,
  createdAt: r.created_at,
});

export function pushStatements(db: Database.Database) {
  const keepSetting = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const getSetting = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const keep = db.transaction((key: string, value: string): string => {
    keepSetting.run(key, value);
    const stored = getSetting.get(key);
    if (stored === undefined) throw new Error(`setting ${key} was not stored`);
    return stored;
  });
  const put = db.prepare<[SubscriptionRow]>(
    `INSERT INTO push_subscriptions (endpoint, username, p256dh, auth, created_at)
     VALUES (@endpoint, @username, @p256dh, @auth, @created_at)
     ON CONFLICT (endpoint) DO UPDATE SET username = excluded.username, p256dh = excluded.p256dh,
       auth = excluded.auth, created_at = excluded.created_at`,
  );
  const list = db.prepare<[string], SubscriptionRow>(
    `SELECT endpoint, username, p256dh, auth, created_at FROM push_subscriptions
     WHERE username IN (SELECT value FROM json_each(?)) ORDER BY username, endpoint`,
  );
  const del = db.prepare<[string]>('DELETE FROM push_subscriptions WHERE endpoint = ?');
  const delOwned = db.prepare<[string, string]>(
    'DELETE FROM push_subscriptions WHERE endpoint = ? AND username = ?',
  );
  const delUser = db.prepare<[string]>('DELETE FROM push_subscriptions WHERE username = ?');
  return {
    keepSetting: (key: string, value: string) => keep.immediate(key, value),
    put: (s: PushSubscriptionRecord) =>
      void put.run({
        endpoint: s.endpoint,
        username: s.username,
        p256dh: s.p256dh,
        auth: s.auth,
        created_at: s.createdAt,
      }),
    list: (usernames: readonly string[]) =>
      usernames.length === 0 ? [] : list.all(JSON.stringify(usernames)).map(fromRow),
    delete: (endpoint: string, username?: string) =>
      (username === undefined ? del.run(endpoint) : delOwned.run(endpoint, username)).changes > 0,
    deleteUser: (username: string) => delUser.run(username).changes,
  };
}
