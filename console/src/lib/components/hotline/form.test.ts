// The hotline form's rules: the server's schema decides what is valid, the suggestion is the
// server's, and the server's 400 messages are put back next to the field they name.
import { describe, expect, it } from 'vitest';
import { categoryLabelOf } from '../../../../../devices/lib/categories';
import type { CompoundDto } from '../../api/types';
import {
  CATEGORIES,
  checkCreate,
  checkLink,
  compoundNamed,
  effectivePriority,
  emptyDraft,
  fieldOfPath,
  firstProblem,
  isBlank,
  matchCompounds,
  serverProblems,
  suggestedPriority,
  type HotlineDraft,
} from './form';

const filled = (over: Partial<HotlineDraft> = {}): HotlineDraft => ({
  ...emptyDraft(),
  reporterName: ' 王阿姨 ',
  reporterPhone: '138 1234 5678',
  compoundText: '工保小区',
  compoundId: 'gongbao',
  category: 'lighting',
  description: ' 3号楼楼道灯不亮 ',
  ...over,
});

describe('checkCreate', () => {
  it('turns a complete draft into the POST /api/tickets body, normalised by the schema', () => {
    const r = checkCreate(filled({ address: ' 3号楼2单元 ' }));
    expect(r).toEqual({
      ok: true,
      body: {
        category: 'lighting',
        description: '3号楼楼道灯不亮',
        source: 'hotline',
        compoundId: 'gongbao',
        address: '3号楼2单元',
        reporter: { name: '王阿姨', phone: '13812345678' },
      },
    });
  });

  it('offers the fire category (消防 / Fire), and the server accepts it', () => {
    expect(CATEGORIES).toContain('fire');
    expect(categoryLabelOf('fire')).toEqual({ zh: '消防', en: 'Fire' });
    const r = checkCreate(filled({ category: 'fire', description: '楼道电动车充电冒烟' }));
    expect(r.ok && r.body.category).toBe('fire');
  });

  it('sends the priority only when it was set by hand', () => {
    const r = checkCreate(filled({ priority: 'P1' }));
    expect(r.ok && r.body.priority).toBe('P1');
    const s = checkCreate(filled());
    expect(s.ok && 'priority' in s.body).toBe(false);
  });

  it('sends a picked point as lat/lng', () => {
    const r = checkCreate(
      filled({ compoundText: '', compoundId: undefined, point: { lat: 35.6, lng: 117 } }),
    );
    expect(r.ok && [r.body.lat, r.body.lng, r.body.compoundId]).toEqual([35.6, 117, undefined]);
  });

  it.each(['13812345678', '0537-4412345', '05374412345', '010 88886666', '(0537)4412345'])(
    'accepts the phone %s',
    (phone) => {
      expect(checkCreate(filled({ reporterPhone: phone })).ok).toBe(true);
    },
  );

  it.each(['12345', '1381234567', '23812345678', '0537-123', 'abc'])('refuses the phone %s', (phone) => {
    expect(checkCreate(filled({ reporterPhone: phone }))).toEqual({
      ok: false,
      problems: { reporterPhone: { code: 'phone' } },
    });
  });

  it('names every missing field, in words the form can show', () => {
    const r = checkCreate({ ...emptyDraft(), address: '鼓楼街 5 号' });
    expect(r).toEqual({
      ok: false,
      problems: {
        reporterName: { code: 'required' },
        reporterPhone: { code: 'required' },
        category: { code: 'required' },
        description: { code: 'required' },
      },
    });
  });

  it('counts a description of spaces as missing', () => {
    expect(checkCreate(filled({ description: '   ' }))).toEqual({
      ok: false,
      problems: { description: { code: 'required' } },
    });
  });

  it('reports the schema limits', () => {
    const r = checkCreate(filled({ reporterName: '名'.repeat(51), address: 'x'.repeat(201) }));
    expect(r).toEqual({
      ok: false,
      problems: { reporterName: { code: 'tooLong', max: 50 }, address: { code: 'tooLong', max: 200 } },
    });
  });

  it('refuses a typed compound that names no compound', () => {
    expect(checkCreate(filled({ compoundText: '不存在小区', compoundId: undefined, address: 'x' }))).toEqual({
      ok: false,
      problems: { compound: { code: 'unknownCompound' } },
    });
  });

  it('needs a place: a compound, an address or a point', () => {
    const none = filled({ compoundText: '', compoundId: undefined });
    expect(checkCreate(none)).toEqual({ ok: false, problems: { address: { code: 'noPlace' } } });
    expect(checkCreate({ ...none, address: '鼓楼街 5 号' }).ok).toBe(true);
    expect(checkCreate({ ...none, point: { lat: 35.6, lng: 117 } }).ok).toBe(true);
  });
});

describe('checkLink', () => {
  it('makes the link body from the caller, the words and the address', () => {
    expect(checkLink(filled({ address: '3号楼' }))).toEqual({
      ok: true,
      body: {
        description: '3号楼楼道灯不亮',
        reporter: { name: '王阿姨', phone: '13812345678' },
        address: '3号楼',
        source: 'hotline',
      },
    });
  });

  it('does not need a category or a place, but the words and a valid caller', () => {
    const d = filled({
      category: '',
      compoundText: '',
      compoundId: undefined,
      description: '',
      reporterPhone: '1',
    });
    expect(checkLink(d)).toEqual({
      ok: false,
      problems: { description: { code: 'required' }, reporterPhone: { code: 'phone' } },
    });
  });
});

describe('priority suggestion', () => {
  it('follows the category and the words, as the server suggests', () => {
    expect(suggestedPriority({ category: 'lighting', description: '灯不亮' })).toBe('P4');
    expect(suggestedPriority({ category: 'water', description: '水压低' })).toBe('P3');
    expect(suggestedPriority({ category: 'water', description: '爆管了' })).toBe('P2');
    expect(suggestedPriority({ category: 'lighting', description: '配电箱冒烟' })).toBe('P1');
  });

  it('applies until the dispatcher sets one by hand', () => {
    const d = filled({ category: 'electrical', description: '楼道没电' });
    expect(effectivePriority(d)).toBe('P2');
    expect(effectivePriority({ ...d, priority: 'P4' })).toBe('P4');
  });
});

describe('fieldOfPath and serverProblems', () => {
  it('maps schema paths to the form fields', () => {
    expect(fieldOfPath(['reporter', 'phone'])).toBe('reporterPhone');
    expect(fieldOfPath(['reporter', 'name'])).toBe('reporterName');
    expect(fieldOfPath(['compoundId'])).toBe('compound');
    expect(fieldOfPath(['lat'])).toBe('point');
    expect(fieldOfPath(['description'])).toBe('description');
    expect(fieldOfPath(['source'])).toBe('form');
    expect(fieldOfPath([])).toBe('form');
  });

  it('splits a 400 message by field', () => {
    expect(
      serverProblems('invalid body: reporter.phone: a mainland mobile; description: Too small: expected >=1'),
    ).toEqual([
      { field: 'reporterPhone', message: 'a mainland mobile' },
      { field: 'description', message: 'Too small: expected >=1' },
    ]);
  });

  it('gives the form anything not about a field', () => {
    expect(serverProblems('device d1 does not exist')).toEqual([
      { field: 'form', message: 'device d1 does not exist' },
    ]);
    expect(serverProblems('invalid body: body: expected object')).toEqual([
      { field: 'form', message: 'expected object' },
    ]);
  });

  it('finds the first field to fix in the form order', () => {
    const order = ['reporterName', 'reporterPhone', 'description'] as const;
    expect(firstProblem({ description: { code: 'required' }, reporterPhone: { code: 'phone' } }, order)).toBe(
      'reporterPhone',
    );
    expect(firstProblem({}, order)).toBeUndefined();
  });
});

describe('isBlank', () => {
  it('is true only while nothing was typed or chosen', () => {
    expect(isBlank(emptyDraft())).toBe(true);
    expect(isBlank({ ...emptyDraft(), reporterName: '  ' })).toBe(true);
    expect(isBlank({ ...emptyDraft(), reporterName: '王' })).toBe(false);
    expect(isBlank({ ...emptyDraft(), category: 'water' })).toBe(false);
    expect(isBlank({ ...emptyDraft(), priority: 'P1' })).toBe(false);
    expect(isBlank({ ...emptyDraft(), point: { lat: 1, lng: 2 } })).toBe(false);
  });
});

describe('compounds by name', () => {
  const c = (id: string, name: string, address?: string): Pick<CompoundDto, 'id' | 'name' | 'address'> => ({
    id,
    name,
    ...(address && { address }),
  });
  const all = [c('gulou', '鼓楼小区', '鼓楼大街 1 号'), c('gongbao', '工保小区'), c('xinbao', '新工保家园')];

  it('puts name prefixes first, then names containing the text, then id or address', () => {
    expect(matchCompounds('工保', all).map((x) => x.id)).toEqual(['gongbao', 'xinbao']);
    expect(matchCompounds('大街', all).map((x) => x.id)).toEqual(['gulou']);
    expect(matchCompounds('XINBAO', all).map((x) => x.id)).toEqual(['xinbao']);
    expect(matchCompounds('nowhere', all)).toEqual([]);
  });

  it('lists all (up to the limit) for empty text', () => {
    expect(matchCompounds(' ', all)).toHaveLength(3);
    expect(matchCompounds('', all, 2)).toHaveLength(2);
  });

  it('knows a compound named exactly, by name or id', () => {
    expect(compoundNamed(' 工保小区 ', all)?.id).toBe('gongbao');
    expect(compoundNamed('Gulou', all)?.id).toBe('gulou');
    expect(compoundNamed('工保', all)).toBeUndefined();
    expect(compoundNamed('', all)).toBeUndefined();
  });
});
