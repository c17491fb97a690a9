// Suggested priority of a hand-opened ticket from its category and words (a dispatcher may override).
import { categoryPriority } from '../../../devices/lib/categories';
import type { Priority } from '../store/store';

const URGENT =
  /(冒烟|起火|着火|火花|打火|焦糊|烧焦|糊味|漏电|触电|电线.*(断|掉|落)|sparking|smoke|fire|shock|live wire|burning)/i;
const SERIOUS = /(停电|没电|跳闸|无电|停水|爆管|漏水|no power|outage|tripped|burst|flood)/i;

export function suggestPriority(category: string, description: string): Priority {
  if (URGENT.test(description)) return 'P1';
  if (SERIOUS.test(description)) return 'P2';
  return categoryPriority(category);
}
