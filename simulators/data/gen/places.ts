// The places of the Qufu demo data set: a grid of old-town streets, the compounds in its blocks, the
// depot, the red sail stations, and the demo logins. All synthetic: the names are inspired by Qufu's
// old town; the communities (社区) and the positions are made up, not surveyed.

/** Street spacing, metres; the grid runs from x = -1500 to 1500 and y = -1000 to 1000. */
export const BLOCK_M = 500;

/** North–south streets, west to east, at x = -1500, -1000, … 1500 m. */
export const NS_STREETS = [
  '西关大街',
  '半壁街',
  '鼓楼大街',
  '阙里街',
  '颜庙街',
  '大成路',
  '东关大街',
] as const;
/** East–west streets, south to north, at y = -1000, -500, … 1000 m. */
export const EW_STREETS = ['静轩路', '五马祠街', '钟楼街', '古泮池路', '春秋路'] as const;

/**
 * OSM-style tags of the main streets (ROADS_FILE format): the ring (西关大街, 东关大街, 静轩路, 春秋路)
 * and 鼓楼大街 are the fast roads; 半壁街 is a narrow one-way street, northbound; the rest are
 * residential. Lanes into the compounds and to the depot are service roads.
 */
export const STREET_TAGS: Readonly<Record<string, { highway: string; maxspeed: string; oneway?: 'yes' }>> = {
  西关大街: { highway: 'secondary', maxspeed: '40' },
  东关大街: { highway: 'secondary', maxspeed: '40' },
  静轩路: { highway: 'secondary', maxspeed: '40' },
  春秋路: { highway: 'secondary', maxspeed: '40' },
  鼓楼大街: { highway: 'primary', maxspeed: '50' },
  半壁街: { highway: 'residential', maxspeed: '20', oneway: 'yes' },
};
export const RESIDENTIAL_TAGS = { highway: 'residential', maxspeed: '30' } as const;
export const LANE_TAGS = { highway: 'service', maxspeed: '15' } as const;

export const streetX = (i: number): number => -1500 + BLOCK_M * i;
export const streetY = (j: number): number => -1000 + BLOCK_M * j;

export interface CompoundSpec {
  /** ASCII slug: the compound id and the middle of its device ids. */
  id: string;
  name: string;
  address: string;
  /** Block of the street grid: col 0–5 west to east, row 0–3 south to north. */
  block: [col: number, row: number];
  /** Has a red sail station (红帆驿站). */
  station?: true;
}

// One compound per block; block (2, 2) stays empty (the temple quarter) and (3, 0) holds the depot.
export const COMPOUNDS: readonly CompoundSpec[] = [
  {
    id: 'gongbao',
    name: '工保小区',
    address: '龙虎社区，工商银行和保险公司家属院',
    block: [1, 2],
    station: true,
  },
  { id: 'qufuzhen', name: '曲阜镇家属院', address: '鼓楼社区', block: [3, 2], station: true },
  { id: 'gulou-beijie', name: '鼓楼北街家属院', address: '鼓楼社区', block: [2, 3] },
  { id: 'wumaci', name: '五马祠街小区', address: '五马祠社区', block: [2, 1], station: true },
  { id: 'xiguan', name: '西关新村', address: '西关社区', block: [0, 2], station: true },
  { id: 'banbi', name: '半壁街家属院', address: '龙虎社区', block: [1, 1] },
  { id: 'yanmiao', name: '颜庙街小区', address: '颜庙社区', block: [4, 2] },
  { id: 'queli', name: '阙里街家属院', address: '阙里社区', block: [3, 1] },
  { id: 'gupanchi', name: '古泮池小区', address: '古泮池社区', block: [5, 2], station: true },
  { id: 'dongguan', name: '东关新村', address: '东关社区', block: [5, 1], station: true },
  { id: 'nanmen', name: '南门家属院', address: '南关社区', block: [2, 0] },
  { id: 'jingxuan', name: '静轩路小区', address: '静轩社区', block: [4, 0] },
  { id: 'chunqiu', name: '春秋路家属院', address: '春秋社区', block: [3, 3] },
  { id: 'dacheng', name: '大成路小区', address: '大成社区', block: [4, 3] },
  { id: 'gongxiao', name: '供销社家属院', address: '北关社区', block: [1, 3] },
  { id: 'liangju', name: '粮食局家属院', address: '西关社区', block: [0, 1] },
  { id: 'wuzi', name: '物资局宿舍', address: '南关社区', block: [1, 0] },
  { id: 'dianye', name: '供电所家属院', address: '颜庙社区', block: [4, 1] },
  { id: 'yiyuan', name: '医院家属院', address: '北关社区', block: [0, 3] },
  { id: 'shiyan', name: '实验小学家属院', address: '东关社区', block: [5, 3] },
  { id: 'mianfang', name: '棉纺厂家属院', address: '西关社区', block: [0, 0] },
  { id: 'luyuan', name: '鲁源小区', address: '静轩社区', block: [5, 0] },
];

/** The property company's depot (鲁建惠诚物业), where the two vans wait. */
export const DEPOT = { name: '鲁建惠诚物业 维修驻地', block: [3, 0] as [number, number] };

export const STATION_NAME = (compound: string): string => `红帆驿站（${compound}）`;

// Demo logins: demo passwords, for demo mode and tests only.
export const VANS = [
  { id: 'van-1', name: '一号车', technician: { username: 'tech1', password: 'redsail-tech1' } },
  { id: 'van-2', name: '二号车', technician: { username: 'tech2', password: 'redsail-tech2' } },
] as const;
export const DISPATCHER = { username: 'dispatcher', password: 'redsail-dispatch' } as const;
