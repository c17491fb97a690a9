// Colours shared by the map layers (canvas and SVG need values, not CSS variables).
// Calm, muted tones for a screen watched all shift; red only where something is wrong.
import type { Severity, VanStatus } from './api/types';
import type { Health } from './state/health';

export const HEALTH_COLOR: Record<Health, string> = {
  ok: '#4e9a6a',
  warning: '#6f8198',
  offline: '#9aa1a9',
  alarm: '#d2403a',
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#c62828',
  major: '#e0701f',
  minor: '#d9a21b',
  warning: '#6f8198',
};

export const VAN_COLOR: Record<VanStatus, string> = {
  idle: '#2f7f6f',
  assigned: '#3d6bb3',
  en_route: '#3d6bb3',
  on_site: '#7a5aa6',
  offline: '#9aa1a9',
};

export const COMPOUND_STYLE = {
  color: '#5e7387',
  weight: 1.5,
  fillColor: '#d9e2e9',
  fillOpacity: 0.45,
} as const;
