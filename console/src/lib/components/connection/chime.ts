// The offline strip's chime: one soft tone made with Web Audio (no sound file), and whether the
// dispatcher turned it off (kept in this browser). Guarded: a browser without Web Audio, or one
// that blocks audio before a tap, stays silent and nothing throws.
const MUTE_KEY = 'redsail.offlineChime.muted';

type AudioContextClass = new () => AudioContext;
let audio: AudioContext | undefined;

export function chimeMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setChimeMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1');
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    // storage blocked: the choice holds for this page only
  }
}

/** Plays the chime: a low, soft sine (a falling third), about a second long. */
export function playChime(): void {
  try {
    const w = window as Window & { webkitAudioContext?: AudioContextClass };
    const C = window.AudioContext ?? w.webkitAudioContext;
    if (!C) return;
    audio ??= new C();
    const ctx = audio;
    const play = () => {
      const start = ctx.currentTime + 0.02;
      for (const [hz, at] of [
        [659.3, 0],
        [523.3, 0.28],
      ] as const) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = hz;
        const t0 = start + at;
        gain.gain.setValueAtTime(0.0001, t0);
        gain.gain.exponentialRampToValueAtTime(0.18, t0 + 0.04);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.7);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t0);
        osc.stop(t0 + 0.75);
      }
    };
    if (ctx.state === 'running') {
      play();
      return;
    }
    // Suspended (no tap on the page yet): resume() settles only once audio is allowed, maybe much
    // later; a chime that late would be confusing, so it is dropped.
    const asked = Date.now();
    void ctx.resume().then(
      () => {
        if (Date.now() - asked <= 3000) play();
      },
      () => {},
    );
  } catch {
    // no audio here: the strip still says it
  }
}
