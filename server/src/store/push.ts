// What the Store keeps for Web Push (api.md "Field work and notifications", Web Push): the server's
// settings made once and kept (the VAPID key pair), and each user's push subscriptions.

/** One browser's push subscription (the PushSubscription of the Push API), owned by one user. */
export interface PushSubscriptionRecord {
  /** The push service URL; unique: an endpoint belongs to the last user who subscribed it. */
  endpoint: string;
  username: string;
  /** The browser's P-256 public key, base64url (65 bytes uncompressed). */
  p256dh: string;
  /** The browser's authentication secret, base64url (16 bytes). */
  auth: string;
  createdAt: number;
}

/** The Store's part for settings and push subscriptions; every backend implements it. */
export interface PushStore {
  /**
   * Stores `value` under `key` unless a value is stored there already, and resolves with the stored
   * one: the first writer wins, so every node (and every restart) ends up with the same value.
   */
  keepSetting(key: string, value: string): Promise<string>;
  /** Adds the subscription, or replaces the one of the same endpoint (whoever owned it). */
  putPushSubscription(sub: PushSubscriptionRecord): Promise<void>;
  /** The subscriptions of these users, ordered by username, then endpoint. */
  listPushSubscriptions(usernames: readonly string[]): Promise<PushSubscriptionRecord[]>;
  /** Removes the endpoint's subscription (only if `username` owns it, when given); false if none was. */
  deletePushSubscription(endpoint: string, username?: string): Promise<boolean>;
  /** Removes every subscription of the user; resolves with how many. */
  deleteUserPushSubscriptions(username: string): Promise<number>;
}
