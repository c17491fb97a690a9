import { describe, expect, it } from 'vitest';
import { attachmentUrl, labourParts, lineCost, yuan } from './proof';

describe('field-work figures', () => {
  it('costs a part line to the fen, and none without a unit cost', () => {
    expect(lineCost({ name: '电缆', qty: 12.5, unitCostYuan: 3.3 })).toBe(41.25);
    expect(lineCost({ name: '扎带', qty: 20 })).toBeUndefined();
    expect(yuan(512.25)).toBe('512.25');
    expect(yuan(45)).toBe('45.00');
  });

  it('splits labour into hours and minutes', () => {
    expect(labourParts(95)).toEqual({ h: 1, m: 35 });
    expect(labourParts(45)).toEqual({ h: 0, m: 45 });
    expect(labourParts(10080)).toEqual({ h: 168, m: 0 });
  });

  it('addresses an attachment under /api/attachments', () => {
    expect(attachmentUrl({ id: 'F-abc-123' })).toBe('/api/attachments/F-abc-123');
  });
});
