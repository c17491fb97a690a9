// hotline strings: zh-CN defines the keys (prefix 'hotline.'), en is typed to have exactly the same ones.
export const hotlineZh = {} as const;

export const hotlineEn: Record<keyof typeof hotlineZh, string> = {};
