// Which message a hotline field shows: the form's own problem once the field was left filled in or
// a submit was tried; the server's objection only while the field holds what was sent.
import { describe, expect, it } from 'vitest';
import { emptyDraft, type HotlineDraft } from './form';
import { fieldMessage, objectionsOf, type MessageInputs } from './messages';

const draft = (over: Partial<HotlineDraft> = {}): HotlineDraft => ({ ...emptyDraft(), ...over });

const inputs = (over: Partial<MessageInputs> = {}): MessageInputs => ({
  draft: draft(),
  problems: {},
  attempted: false,
  touched: {},
  objections: [],
  ...over,
});

describe('fieldMessage', () => {
  it('keeps a problem quiet until the field was left filled in or a submit was tried', () => {
    const problems = { reporterPhone: { code: 'phone' as const } };
    expect(fieldMessage('reporterPhone', inputs({ problems }))).toBeUndefined();
    expect(fieldMessage('reporterPhone', inputs({ problems, touched: { reporterPhone: true } }))).toEqual({
      key: 'hotline.error.phone',
      params: { max: 0 },
    });
    expect(fieldMessage('reporterPhone', inputs({ problems, attempted: true }))?.key).toBe(
      'hotline.error.phone',
    );
  });

  it('says how long a field may be', () => {
    const problems = { description: { code: 'tooLong' as const, max: 500 } };
    expect(fieldMessage('description', inputs({ problems, attempted: true }))).toEqual({
      key: 'hotline.error.tooLong',
      params: { max: 500 },
    });
  });

  it("shows the server's objection until the field changes", () => {
    const sent = draft({ reporterPhone: '13700000000' });
    const objections = objectionsOf([{ field: 'reporterPhone', message: 'blocked' }], sent);
    expect(fieldMessage('reporterPhone', inputs({ draft: sent, objections }))).toEqual({
      key: 'hotline.error.server',
      params: { message: 'blocked' },
    });
    const changed = draft({ reporterPhone: '13700000001' });
    expect(fieldMessage('reporterPhone', inputs({ draft: changed, objections }))).toBeUndefined();
  });

  it('calls a failure of the whole form a failed submit, whatever the draft holds', () => {
    const objections = objectionsOf([{ field: 'form', message: 'network down' }], draft());
    const later = draft({ description: 'more words' });
    expect(fieldMessage('form', inputs({ draft: later, objections }))).toEqual({
      key: 'hotline.error.failed',
      params: { message: 'network down' },
    });
  });

  it("puts the form's own problem before the server's objection", () => {
    const sent = draft({ reporterPhone: '123' });
    const objections = objectionsOf([{ field: 'reporterPhone', message: 'blocked' }], sent);
    const problems = { reporterPhone: { code: 'phone' as const } };
    const m = fieldMessage('reporterPhone', inputs({ draft: sent, problems, attempted: true, objections }));
    expect(m?.key).toBe('hotline.error.phone');
  });
});
