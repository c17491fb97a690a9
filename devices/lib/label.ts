// A label in both console languages (zh-CN first): the shape every display text of a device type,
// a rule, a command or a ticket category has. Its own module so that categories.ts and types.ts
// can both use it without importing each other.
import { z } from 'zod';

export const LabelSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Label = z.infer<typeof LabelSchema>;
