// The real browser and server behind push.ts: the page's service worker registration (the console's
// own worker, which calls installPush from console/src/sw/push.ts) and the API's /api/push routes.
import type { PushKeyDto, PushSubscriptionBody } from '../../../../server/src/contracts/dto';
import { request } from '../api/client';
import type { PushBrowser, PushManagerLike, PushServer } from './push';

export function browserPush(): PushBrowser {
  return {
    async pushManager(): Promise<PushManagerLike | undefined> {
      if (!('serviceWorker' in navigator) || typeof PushManager === 'undefined') return undefined;
      const reg = await navigator.serviceWorker.getRegistration();
      return reg?.pushManager as PushManagerLike | undefined;
    },
    permission: () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission),
  };
}

export const pushServer: PushServer = {
  publicKey: async () => (await request<PushKeyDto>('GET', '/api/push/key')).publicKey,
  save: async (body: PushSubscriptionBody) => {
    await request('POST', '/api/push/subscriptions', { body });
  },
  remove: async (endpoint: string) => {
    await request('DELETE', '/api/push/subscriptions', { body: { endpoint } });
  },
};
