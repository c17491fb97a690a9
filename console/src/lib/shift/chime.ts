// A short, soft two-note chime through Web Audio (no sound file to load). The context is made on
// first use and resumed each time: a browser that has not seen a click yet may keep it silent,
// which is fine — the flash and the tab title still say it.
let ctx: AudioContext | undefined;

export function chime(): void {
  try {
    ctx ??= new AudioContext();
    void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const at = start + i * 0.18;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.4);
    }
  } catch {
    // no audio on this machine: the flash and the title remain
  }
}
