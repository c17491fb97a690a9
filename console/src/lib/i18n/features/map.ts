// map strings: zh-CN defines the keys (prefix 'map.'), en is typed to have exactly the same ones.
export const mapZh = {} as const;

export const mapEn: Record<keyof typeof mapZh, string> = {};
