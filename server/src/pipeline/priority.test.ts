// The priority a hand-opened ticket is suggested: the most urgent phrase of the table
// (priority-phrases.ts) a resident's words contain, else its category's; per category, with real
// sentences as residents say them, and the sentences that must not match.
import { describe, expect, it } from 'vitest';
import { explainPriority, suggestPriority } from './priority';
import { PRIORITY_PHRASES, matchPhrases } from './priority-phrases';

type Case = readonly [category: string, description: string, priority: string];

function each(cases: readonly Case[]) {
  it.each(cases)('%s “%s” → %s', (category, description, priority) => {
    expect(suggestPriority(category, description)).toBe(priority);
  });
}

describe('water', () => {
  each([
    ['water', '楼道里水管爆了，水流到一楼', 'P2'],
    ['other', '楼道里水管爆了，水流到一楼', 'P2'],
    ['water', '水管爆管', 'P2'],
    ['water', '暖气片爆裂了，屋里全是水', 'P2'],
    ['other', '地下室淹了', 'P2'],
    ['water', '三楼卫生间漫水，楼下在滴', 'P2'],
    ['water', '水表井那里跑水好久了', 'P2'],
    ['water', '厨房水管漏水', 'P2'],
    ['water', '全楼停水了', 'P2'],
    ['water', 'burst pipe in the stairwell', 'P2'],
    ['lighting', '墙角渗水', 'P3'],
  ]);
  describe('not flooding', () => {
    each([
      ['water', '水流量小，洗不了澡', 'P3'],
      ['water', '水龙头水流很小', 'P3'],
      ['water', '早上水流不大', 'P3'],
      ['other', '水压低，水流变小了', 'P4'],
    ]);
  });
});

describe('power', () => {
  each([
    ['electrical', '整栋楼停电', 'P2'],
    ['electrical', '整栋楼没电', 'P2'],
    ['electrical', '家里跳闸了合不上', 'P2'],
    ['electrical', '配电箱冒烟', 'P1'],
    ['electrical', '插座冒火花', 'P1'],
    ['electrical', '配电箱有焦糊味', 'P1'],
    ['other', '楼道里有烧焦的味道', 'P1'],
    ['electrical', '楼道有股焦味', 'P1'],
    ['electrical', '楼道电线裸露，小孩能摸到', 'P1'],
    ['electrical', '电线掉在地上', 'P1'],
    ['electrical', '铁门漏电', 'P1'],
    ['other', '有人摸路灯杆触电了', 'P1'],
    ['other', 'smell of burning near the meter', 'P1'],
    ['electrical', 'no power in building 3', 'P2'],
    ['electrical', '插座松动', 'P3'],
  ]);
  describe('not a danger', () => {
    each([['electrical', '配电箱没有冒烟，只是有响声', 'P3']]);
  });
});

describe('gas smell', () => {
  each([
    ['other', '厨房有燃气味', 'P1'],
    ['other', '楼道里一股煤气味', 'P1'],
    ['other', '天然气管道好像漏了', 'P1'],
    ['other', '单元门口闻到一股气味，很冲', 'P1'],
    ['other', '燃气表那里漏气', 'P1'],
    ['other', 'strong gas smell on the stairs', 'P1'],
  ]);
});

describe('fire', () => {
  each([
    ['other', '车棚着火了', 'P1'],
    ['fire', '充电桩那边冒烟', 'P1'],
    ['other', '垃圾桶起火', 'P1'],
    ['other', '电动车充电器冒火苗', 'P1'],
    ['other', 'there is a fire in the bike shed', 'P1'],
    ['fire', '灭火器过期了', 'P2'],
  ]);
  describe('not a fire', () => {
    each([
      ['other', 'fire extinguisher expired', 'P4'],
      ['camera', 'smoke detector light blinking', 'P4'],
    ]);
  });
});

describe('elevator', () => {
  each([
    ['other', '3号楼电梯困人', 'P1'],
    ['other', '电梯关人了，里面有老人', 'P1'],
    ['other', '孩子被困在电梯里', 'P1'],
    ['other', '电梯在五楼卡住了', 'P2'],
    ['other', '电梯急停了一下', 'P2'],
    ['other', 'someone trapped in the lift', 'P1'],
  ]);
  describe('not a lift', () => {
    each([['other', '单元门卡住了打不开', 'P4']]);
  });
});

describe('falling objects', () => {
  each([
    ['other', '有高空坠物，差点砸到人', 'P1'],
    ['other', '楼上花盆坠落', 'P1'],
    ['other', '5号楼外墙脱落', 'P1'],
    ['other', '楼道窗户玻璃掉落', 'P1'],
    ['lighting', '路灯灯罩掉下来了', 'P2'],
    ['other', '外墙瓷砖松动了', 'P2'],
    ['other', '阳台雨棚有点松动', 'P2'],
  ]);
});

describe('the category', () => {
  each([
    ['heating', '暖气不热', 'P3'],
    ['lighting', '路灯不亮', 'P4'],
    ['camera', '摄像头歪了', 'P4'],
    ['no_such_category', '别的事', 'P4'],
  ]);

  it('is never lowered by a phrase (a seep in the fire category stays P2)', () => {
    expect(suggestPriority('fire', '消防栓渗水')).toBe('P2');
  });
});

describe('explainPriority', () => {
  it('names the most urgent phrase that decided it', () => {
    const s = explainPriority('water', '楼道里水管爆了，水流到一楼，配电箱在冒烟');
    expect(s.priority).toBe('P1');
    expect(s.phrase?.phrase.phrase).toBe('冒烟');
    expect(s.phrase?.phrase.category).toBe('fire');
    expect(s.phrase?.text).toBe('冒烟');
  });

  it('gives the words a pattern found', () => {
    expect(explainPriority('other', '5号楼外墙瓷砖松动了').phrase?.text).toBe('外墙瓷砖松动');
    expect(explainPriority('other', '楼道里水管爆了，水流到一楼').phrase?.text).toBe('水管爆');
  });

  it('names none when the category decided it', () => {
    expect(explainPriority('heating', '暖气不热')).toEqual({ priority: 'P3', phrase: undefined });
  });
});

describe('the table', () => {
  it('has every category, a reason for each phrase, and each literal phrase matches itself', () => {
    const categories = new Set(PRIORITY_PHRASES.map((p) => p.category));
    expect([...categories].sort()).toEqual(['elevator', 'falling', 'fire', 'gas', 'power', 'water']);
    for (const p of PRIORITY_PHRASES) {
      expect(p.why.length, p.phrase).toBeGreaterThan(0);
      if (!p.pattern) expect(matchPhrases(`…${p.phrase}…`).map((m) => m.phrase)).toContain(p);
    }
  });
});
