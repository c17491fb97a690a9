// MQTT topics of device-protocol.md v1, defined once: `redsail/v1/devices/{id}/{kind}`.
export const TOPIC_PREFIX = 'redsail/v1/devices/';
export const DEVICE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** What a device may publish (ACL: only under its own id). */
export const UPLINK_KINDS = ['telemetry', 'status', 'events', 'commands/ack'] as const;
export type UplinkKind = (typeof UPLINK_KINDS)[number];
/** What a device may subscribe to (its own id only). */
export const DOWNLINK_KIND = 'commands';

export type DeviceTopic = { deviceId: string; kind: string };

export function deviceTopic(deviceId: string, kind: UplinkKind | typeof DOWNLINK_KIND): string {
  return `${TOPIC_PREFIX}${deviceId}/${kind}`;
}

/** Parses a topic under the device prefix; undefined for anything else. Wildcards are kept verbatim. */
export function parseDeviceTopic(topic: string): DeviceTopic | undefined {
  if (!topic.startsWith(TOPIC_PREFIX)) return undefined;
  const rest = topic.slice(TOPIC_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { deviceId: rest.slice(0, slash), kind: rest.slice(slash + 1) };
}

export function isUplinkKind(kind: string): kind is UplinkKind {
  return (UPLINK_KINDS as readonly string[]).includes(kind);
}
