// sites strings: zh-CN defines the keys (prefix 'sites.'), en is typed to have exactly the same ones.
export const sitesZh = {
  'sites.kind.station': '红帆驿站',
  'sites.kind.depot': '维修驻地',
  'sites.label': '{kind}：{name}',
  'sites.phone': '电话 {phone}',
} as const;

export const sitesEn: Record<keyof typeof sitesZh, string> = {
  'sites.kind.station': 'Red sail station',
  'sites.kind.depot': 'Depot',
  'sites.label': '{kind}: {name}',
  'sites.phone': 'Phone {phone}',
};
