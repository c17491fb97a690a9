// The hotline form's word on why a priority is suggested: the resident's phrase that decided it
// (server/src/pipeline/priority-phrases.ts). zh-CN defines the keys (prefix 'prio.'), en the same.
export const prioPhrasesZh = {
  'prio.because': '因描述含“{phrase}”',
} as const;

export const prioPhrasesEn: Record<keyof typeof prioPhrasesZh, string> = {
  'prio.because': 'because the description says “{phrase}”',
};
