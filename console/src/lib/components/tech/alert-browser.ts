// The real browser behind AlertPorts: the Notification API, navigator.vibrate and a chime made
// with WebAudio (two short tones, no sound file). Everything is guarded: a browser without an
// API, or one that blocks it (audio before a tap, vibration without a user gesture), is skipped.
import type { AlertPorts, Notice, Permission } from './alert';

type AudioContextClass = new () => AudioContext;

/** A chime newer than this after the assignment is dropped (audio unlocked much later). */
const CHIME_STALE_MS = 3000;
/** The two tones of the chime: a rising fifth, soft attack, short decay. */
const TONES: readonly { hz: number; at: number }[] = [
  { hz: 880, at: 0 },
  { hz: 1318.5, at: 0.16 },
];
const TONE_S = 0.35;

function audioClass(): AudioContextClass | undefined {
  const w = window as Window & { webkitAudioContext?: AudioContextClass };
  return window.AudioContext ?? w.webkitAudioContext;
}

function notificationApi(): typeof Notification | undefined {
  return typeof Notification === 'undefined' ? undefined : Notification;
}

export function browserAlertPorts(): AlertPorts {
  let audio: AudioContext | undefined;

  const context = (): AudioContext | undefined => {
    if (!audio) {
      const C = audioClass();
      if (C) audio = new C();
    }
    return audio;
  };

  const play = (ctx: AudioContext) => {
    const start = ctx.currentTime + 0.02;
    for (const tone of TONES) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = tone.hz;
      const t0 = start + tone.at;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + TONE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + TONE_S + 0.05);
    }
  };

  return {
    permission(): Permission {
      return notificationApi()?.permission ?? 'unsupported';
    },
    async requestPermission(): Promise<Permission> {
      const N = notificationApi();
      if (!N) return 'unsupported';
      return N.requestPermission();
    },
    notify(n: Notice, onclick: () => void): void {
      const options: NotificationOptions = {
        body: n.body,
        tag: n.tag,
        requireInteraction: n.requireInteraction,
      };
      const N = notificationApi();
      if (!N) return;
      try {
        const shown = new N(n.title, options);
        shown.onclick = () => {
          onclick();
          shown.close();
        };
      } catch (err) {
        // Chrome on Android allows notifications only through a service worker registration.
        if (!('serviceWorker' in navigator)) throw err;
        void navigator.serviceWorker
          .getRegistration()
          .then((reg) => reg?.showNotification(n.title, options))
          .catch(() => {});
      }
    },
    canVibrate: () => typeof navigator.vibrate === 'function',
    vibrate(pattern: readonly number[]): void {
      navigator.vibrate([...pattern]);
    },
    async chime(): Promise<void> {
      const ctx = context();
      if (!ctx) return;
      if (ctx.state === 'running') {
        play(ctx);
        return;
      }
      // Suspended (no tap yet): resume() settles only once the browser allows audio, which may be
      // much later; a chime that late would be confusing, so it is dropped.
      const asked = Date.now();
      await ctx.resume();
      if (Date.now() - asked <= CHIME_STALE_MS) play(ctx);
    },
    unlockAudio(): void {
      const ctx = context();
      if (ctx && ctx.state !== 'running') void ctx.resume().catch(() => {});
    },
    focus(): void {
      window.focus();
    },
    audioLocked(): boolean {
      // Sticky user activation: false on a page that has not been tapped since it (re)loaded.
      const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } })
        .userActivation;
      return activation ? !activation.hasBeenActive && audio?.state !== 'running' : false;
    },
  };
}
