// How a simulated technician behaves: what they do next in each ticket status, how long they take
// (simulated seconds, drawn from a seeded source), and the repair note they write per category.
import type { TicketLite } from './api';

export type Action = 'accept' | 'depart' | 'resolve';

/** dispatched → accept, accepted → depart, on_site → resolve; en_route waits for the server's arrival. */
export function nextAction(status: TicketLite['status']): Action | undefined {
  switch (status) {
    case 'dispatched':
      return 'accept';
    case 'accepted':
      return 'depart';
    case 'on_site':
      return 'resolve';
    default:
      return undefined;
  }
}

export interface TechnicianProfile {
  /** Reading the assignment on the phone. */
  acceptS: [number, number];
  /** Getting into the van after accepting: short, the van sets off at once. */
  departS: [number, number];
  /** The repair itself. */
  repairS: [number, number];
}

export const TECHNICIAN: TechnicianProfile = {
  acceptS: [5, 30],
  departS: [2, 10],
  repairS: [900, 2700],
};

export function delayS(action: Action, profile: TechnicianProfile, rand: () => number): number {
  const [lo, hi] = { accept: profile.acceptS, depart: profile.departS, resolve: profile.repairS }[action];
  return lo + rand() * (hi - lo);
}

const NOTES: Record<string, readonly string[]> = {
  electrical: [
    '已修复：更换漏电保护器',
    '已修复：紧固松动的接线端子，恢复供电',
    '已修复：更换烧毁的空气开关',
    '已修复：排查线路受潮，做好绝缘处理',
  ],
  lighting: ['已修复：更换路灯光源', '已修复：更换镇流器，路灯恢复正常', '已修复：修复路灯控制器接线'],
  camera: ['已修复：重新连接视频线缆', '已修复：更换摄像头电源适配器', '已修复：更换存储卡并恢复录像'],
  water: ['已修复：更换漏水阀门', '已修复：疏通排水管道', '已处理：排空泵房积水，检修排污泵'],
  heating: ['已修复：排除暖气片积气，恢复供暖', '已修复：更换暖气阀门'],
  fire: [
    '已处理：现场排查无明火，清理楼道堆放杂物',
    '已修复：更换烟雾报警器电池',
    '已修复：更换充电桩损坏端口，复位过温保护',
    '已处理：劝离超时充电车辆，检查充电器',
  ],
  other: ['已处理：现场检查并排除故障'],
};

/** A repair note fitting the ticket's category (Chinese, as technicians write them). */
export function repairNote(category: string, rand: () => number): string {
  const notes = NOTES[category] ?? NOTES.other ?? [];
  return notes[Math.floor(rand() * notes.length)] ?? '已处理：现场检查并排除故障';
}
