// technician strings: zh-CN defines the keys (prefix 'technician.'), en is typed to have exactly the same ones.
export const technicianZh = {} as const;

export const technicianEn: Record<keyof typeof technicianZh, string> = {};
