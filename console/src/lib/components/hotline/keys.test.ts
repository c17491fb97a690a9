// The form's keyboard rules: when N / F2 open it, and the keys that choose a category or priority.
import { describe, expect, it } from 'vitest';
import {
  categoryForKey,
  categoryKeysHint,
  FORM_ORDER,
  isTypingTarget,
  nextControl,
  opensHotline,
  priorityForKey,
  resetsPriority,
  submitsForm,
} from './keys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('isTypingTarget', () => {
  it.each([
    [{ tagName: 'INPUT' }, true],
    [{ tagName: 'input', type: 'text' }, true],
    [{ tagName: 'INPUT', type: 'tel' }, true],
    [{ tagName: 'INPUT', type: 'search' }, true],
    [{ tagName: 'TEXTAREA' }, true],
    [{ tagName: 'SELECT' }, true],
    [{ tagName: 'DIV', isContentEditable: true }, true],
    [{ tagName: 'INPUT', type: 'checkbox' }, false],
    [{ tagName: 'INPUT', type: 'button' }, false],
    [{ tagName: 'BUTTON' }, false],
    [{ tagName: 'BODY' }, false],
    [null, false],
  ])('%o → %s', (target, typing) => {
    expect(isTypingTarget(target)).toBe(typing);
  });
});

describe('opensHotline', () => {
  it('opens with N outside text fields, either case', () => {
    expect(opensHotline(key('n'), false)).toBe(true);
    expect(opensHotline(key('N'), false)).toBe(true);
  });
  it('leaves N alone while typing, with a modifier, or during IME composition', () => {
    expect(opensHotline(key('n'), true)).toBe(false);
    expect(opensHotline(key('n', { ctrlKey: true }), false)).toBe(false);
    expect(opensHotline(key('n', { metaKey: true }), false)).toBe(false);
    expect(opensHotline(key('n', { altKey: true }), false)).toBe(false);
    expect(opensHotline({ ...key('n'), isComposing: true }, false)).toBe(false);
  });
  it('opens with F2 even from a text field', () => {
    expect(opensHotline(key('F2'), false)).toBe(true);
    expect(opensHotline(key('F2'), true)).toBe(true);
    expect(opensHotline(key('F2', { ctrlKey: true }), false)).toBe(false);
  });
  it('ignores other keys', () => {
    expect(opensHotline(key('m'), false)).toBe(false);
    expect(opensHotline(key('Enter'), false)).toBe(false);
  });
});

describe('form keys', () => {
  it('walks the fields in the documented order and stays on submit', () => {
    expect(FORM_ORDER).toEqual([
      'reporterName',
      'reporterPhone',
      'compound',
      'address',
      'category',
      'description',
      'priority',
      'submit',
    ]);
    expect(nextControl('reporterName')).toBe('reporterPhone');
    expect(nextControl('address')).toBe('category');
    expect(nextControl('priority')).toBe('submit');
    expect(nextControl('submit')).toBe('submit');
  });

  it('submits with Ctrl+Enter or ⌘+Enter only', () => {
    expect(submitsForm(key('Enter', { ctrlKey: true }))).toBe(true);
    expect(submitsForm(key('Enter', { metaKey: true }))).toBe(true);
    expect(submitsForm(key('Enter'))).toBe(false);
  });

  it('chooses a category by number or first letter', () => {
    expect(categoryForKey('1')).toBe('electrical');
    expect(categoryForKey('6')).toBe('fire');
    expect(categoryForKey('7')).toBe('other');
    expect(categoryForKey('8')).toBeUndefined();
    expect(categoryForKey('f')).toBe('fire');
    expect(categoryForKey('w')).toBe('water');
    expect(categoryForKey('H')).toBe('heating');
    expect(categoryForKey('c')).toBe('camera');
    expect(categoryForKey('l')).toBe('lighting');
    expect(categoryForKey('z')).toBeUndefined();
    expect(categoryForKey('Enter')).toBeUndefined();
  });

  it('hints at the number keys and first letters of the categories offered', () => {
    expect(categoryKeysHint()).toEqual({ n: 7, letters: 'E L C W H F O' });
  });

  it('chooses a priority by number, Backspace or Delete goes back to the suggestion', () => {
    expect(priorityForKey('1')).toBe('P1');
    expect(priorityForKey('4')).toBe('P4');
    expect(priorityForKey('5')).toBeUndefined();
    expect(priorityForKey('p')).toBeUndefined();
    expect(resetsPriority('Backspace')).toBe(true);
    expect(resetsPriority('Delete')).toBe(true);
    expect(resetsPriority('0')).toBe(false);
  });
});
