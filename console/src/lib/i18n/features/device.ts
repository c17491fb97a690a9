// device strings: zh-CN defines the keys (prefix 'device.'), en is typed to have exactly the same ones.
export const deviceZh = {} as const;

export const deviceEn: Record<keyof typeof deviceZh, string> = {};
