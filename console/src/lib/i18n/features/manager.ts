// manager strings: zh-CN defines the keys (prefix 'manager.'), en is typed to have exactly the same ones.
export const managerZh = {} as const;

export const managerEn: Record<keyof typeof managerZh, string> = {};
