// The phrases residents use for a danger or a lost service, per category, each with the priority it
// suggests and why. One table for the server (POST /api/tickets without a priority, Open311) and the
// console's hotline form, which imports this module. Documented in docs/priority.md.
//
// A phrase is a literal substring of the description (case-insensitive for Latin letters), or a
// pattern where the literal alone would mislead (水流 but not 水流量小; 松动 of a façade, not of a
// socket). Add a phrase with a resident's sentence to priority.test.ts.
import type { Priority } from '../store/store';

export type PhraseCategory = 'water' | 'power' | 'gas' | 'fire' | 'elevator' | 'falling';

export interface PriorityPhrase {
  category: PhraseCategory;
  /** What the resident says, as shown in the docs and the hotline form. */
  phrase: string;
  /** Used instead of the literal phrase when the literal alone would match the wrong sentences. */
  pattern?: RegExp;
  priority: Priority;
  why: string;
}

const DANGER = 'a danger to people now: send at once';
const SPREADING = 'water spreading through the building: damage grows by the minute';

export const PRIORITY_PHRASES: readonly PriorityPhrase[] = [
  // water
  { category: 'water', phrase: '爆管', priority: 'P2', why: 'a burst pipe floods until the valve is shut' },
  { category: 'water', phrase: '水管爆', priority: 'P2', why: 'a burst pipe (水管爆了) floods until shut' },
  { category: 'water', phrase: '爆裂', priority: 'P2', why: 'a burst pipe or tank' },
  {
    category: 'water',
    phrase: '水流',
    // 水流到一楼, 水流得到处都是 — not the tap's flow (水流量小, 水流很小, 水流不大, 水流变小).
    pattern: /水流(?!量|很?小|不大|变小|变弱|慢|细|声)/,
    priority: 'P2',
    why: SPREADING,
  },
  { category: 'water', phrase: '淹', priority: 'P2', why: 'a flooded room or basement' },
  { category: 'water', phrase: '漫水', priority: 'P2', why: SPREADING },
  { category: 'water', phrase: '跑水', priority: 'P2', why: SPREADING },
  {
    category: 'water',
    phrase: '漏水',
    priority: 'P2',
    why: 'a leak: water lost and damage to the flats below',
  },
  { category: 'water', phrase: '渗水', priority: 'P3', why: 'a slow seep: repair, not an emergency' },
  { category: 'water', phrase: '停水', priority: 'P2', why: 'a building without water' },
  { category: 'water', phrase: 'burst', priority: 'P2', why: 'a burst pipe' },
  { category: 'water', phrase: 'flood', priority: 'P2', why: SPREADING },
  // power
  { category: 'power', phrase: '停电', priority: 'P2', why: 'a building without power' },
  { category: 'power', phrase: '没电', priority: 'P2', why: 'a building without power' },
  { category: 'power', phrase: '无电', priority: 'P2', why: 'a building without power' },
  { category: 'power', phrase: '跳闸', priority: 'P2', why: 'a tripped breaker: power lost' },
  { category: 'power', phrase: '火花', priority: 'P1', why: 'sparks: fire and shock risk' },
  { category: 'power', phrase: '打火', priority: 'P1', why: 'arcing: fire and shock risk' },
  { category: 'power', phrase: '焦味', priority: 'P1', why: 'something electrical is burning' },
  { category: 'power', phrase: '焦糊', priority: 'P1', why: 'something electrical is burning' },
  { category: 'power', phrase: '烧焦', priority: 'P1', why: 'something electrical is burning' },
  { category: 'power', phrase: '糊味', priority: 'P1', why: 'something electrical is burning' },
  { category: 'power', phrase: '电线裸露', priority: 'P1', why: 'a bare live wire: shock risk' },
  {
    category: 'power',
    phrase: '电线断/掉/落',
    pattern: /电线.{0,6}(断|掉|落)/,
    priority: 'P1',
    why: 'a fallen or broken wire: shock risk',
  },
  { category: 'power', phrase: '漏电', priority: 'P1', why: 'leakage current: shock risk' },
  { category: 'power', phrase: '触电', priority: 'P1', why: 'someone got (or may get) a shock' },
  { category: 'power', phrase: 'no power', priority: 'P2', why: 'a building without power' },
  { category: 'power', phrase: 'outage', priority: 'P2', why: 'a building without power' },
  { category: 'power', phrase: 'tripped', priority: 'P2', why: 'a tripped breaker: power lost' },
  { category: 'power', phrase: 'sparking', priority: 'P1', why: 'sparks: fire and shock risk' },
  { category: 'power', phrase: 'live wire', priority: 'P1', why: 'a bare live wire: shock risk' },
  { category: 'power', phrase: 'shock', priority: 'P1', why: 'someone got (or may get) a shock' },
  { category: 'power', phrase: 'burning', priority: 'P1', why: 'something is burning' },
  // gas smell
  { category: 'gas', phrase: '燃气味', priority: 'P1', why: 'a gas leak: explosion risk' },
  { category: 'gas', phrase: '煤气味', priority: 'P1', why: 'a gas leak: explosion risk' },
  {
    category: 'gas',
    phrase: '天然气',
    priority: 'P1',
    why: 'a call about the gas is a possible leak until ruled out',
  },
  { category: 'gas', phrase: '漏气', priority: 'P1', why: 'a gas leak: explosion risk' },
  {
    category: 'gas',
    phrase: '闻到气味',
    // 闻到一股气味, 闻到很大的气味 — a smell the resident cannot name may be gas.
    pattern: /闻到.{0,4}(气味|怪味|异味)/,
    priority: 'P1',
    why: 'an unnamed smell may be gas',
  },
  { category: 'gas', phrase: 'gas', pattern: /\bgas\b/i, priority: 'P1', why: 'a gas leak: explosion risk' },
  // fire
  { category: 'fire', phrase: '着火', priority: 'P1', why: DANGER },
  { category: 'fire', phrase: '起火', priority: 'P1', why: DANGER },
  {
    category: 'fire',
    phrase: '冒烟',
    pattern: /(?<!没有|没|不)冒烟/,
    priority: 'P1',
    why: 'smoke: a fire, or equipment about to catch fire',
  },
  { category: 'fire', phrase: '火苗', priority: 'P1', why: DANGER },
  { category: 'fire', phrase: '明火', priority: 'P1', why: DANGER },
  {
    category: 'fire',
    phrase: 'smoke',
    pattern: /smoke(?! ?detector)/i,
    priority: 'P1',
    why: 'smoke: a fire, or equipment about to catch fire',
  },
  {
    category: 'fire',
    phrase: 'fire',
    pattern: /\bfire\b(?! ?(extinguisher|hose|door))/i,
    priority: 'P1',
    why: DANGER,
  },
  // elevator
  { category: 'elevator', phrase: '困人', priority: 'P1', why: 'someone trapped in a lift' },
  { category: 'elevator', phrase: '关人', priority: 'P1', why: 'someone trapped in a lift (电梯关人)' },
  { category: 'elevator', phrase: '被困', priority: 'P1', why: 'someone trapped' },
  {
    category: 'elevator',
    phrase: '电梯卡住',
    pattern: /电梯.{0,6}卡住/,
    priority: 'P2',
    why: 'a stuck lift: maybe someone inside, ask',
  },
  {
    category: 'elevator',
    phrase: '急停',
    priority: 'P2',
    why: 'a lift stopped hard: check nobody is inside',
  },
  { category: 'elevator', phrase: 'trapped', priority: 'P1', why: 'someone trapped' },
  // falling objects
  { category: 'falling', phrase: '高空坠物', priority: 'P1', why: 'things falling on passers-by' },
  { category: 'falling', phrase: '坠落', priority: 'P1', why: 'things falling on passers-by' },
  { category: 'falling', phrase: '外墙脱落', priority: 'P1', why: 'a façade coming off over the path' },
  { category: 'falling', phrase: '玻璃掉落', priority: 'P1', why: 'glass falling on passers-by' },
  {
    category: 'falling',
    phrase: '掉下来',
    priority: 'P2',
    why: 'something came down: cordon off and check what else is loose',
  },
  {
    category: 'falling',
    phrase: '外墙/玻璃/瓷砖…松动',
    // 外墙瓷砖松动, 窗户玻璃松动了 — not 插座松动 (a loose socket is a repair).
    pattern: /(外墙|墙皮|瓷砖|玻璃|窗|广告牌|招牌|空调外机|雨棚|阳台).{0,6}松动/,
    priority: 'P2',
    why: 'may fall on passers-by: cordon off before it does',
  },
];

export interface PhraseMatch {
  phrase: PriorityPhrase;
  /** Where in the description it was found, and the words found there (e.g. 外墙瓷砖松动). */
  index: number;
  text: string;
}

function find(p: PriorityPhrase, text: string, lower: string): { index: number; text: string } | undefined {
  if (p.pattern) {
    const m = p.pattern.exec(text);
    return m ? { index: m.index, text: m[0] } : undefined;
  }
  const index = lower.indexOf(p.phrase.toLowerCase());
  return index < 0 ? undefined : { index, text: text.slice(index, index + p.phrase.length) };
}

/** Every phrase of the table the description contains, most urgent first, then by position. */
export function matchPhrases(description: string): PhraseMatch[] {
  const lower = description.toLowerCase();
  const found: PhraseMatch[] = [];
  for (const phrase of PRIORITY_PHRASES) {
    const at = find(phrase, description, lower);
    if (at) found.push({ phrase, ...at });
  }
  return found.sort((a, b) => a.phrase.priority.localeCompare(b.phrase.priority) || a.index - b.index);
}
