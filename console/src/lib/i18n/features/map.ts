// map strings: zh-CN defines the keys (prefix 'map.'), en is typed to have exactly the same ones.
// ('map.label', 'map.cluster' and 'map.lastSeen' predate this file and live in the core dictionaries.)
export const mapZh = {
  'map.vanTicket': '工单 {id} · {priority} · {category}',
  'map.vanNoTicket': '无工单',
  'map.showOnMap': '在地图上显示',
  'map.streets': '道路网',
  'map.etaRoad': '预计 {time} 后到达 · 按道路 {km} 公里',
  'map.etaStraight': '预计 {time} 后到达 · 直线估算 {km} 公里',
} as const;

export const mapEn: Record<keyof typeof mapZh, string> = {
  'map.vanTicket': 'Ticket {id} · {priority} · {category}',
  'map.vanNoTicket': 'No ticket',
  'map.showOnMap': 'Show on map',
  'map.streets': 'Streets',
  'map.etaRoad': 'Arrives in {time} · road time, {km} km',
  'map.etaStraight': 'Arrives in {time} · straight-line estimate, {km} km',
};
