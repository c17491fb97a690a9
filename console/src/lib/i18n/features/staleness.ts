// Staleness strings: the offline strip (since when the data is stale, its chime) and the device
// panel's ages and stale readings. zh-CN defines the keys (prefix 'stale.'), en has exactly the same.
export const stalenessZh = {
  'stale.offline': '离线',
  'stale.offlineSince': '自 {time} 起（已 {age}）',
  'stale.chimeOn': '断线提示音：开',
  'stale.chimeOff': '断线提示音：关',
  'stale.chimeTitle': '离线满一分钟时响一声提示音（每次断线只响一次）',
  'stale.age.seconds': '{n} 秒',
  'stale.age.minutes': '{n} 分钟',
  'stale.age.hours': '{h} 小时 {m} 分',
  'stale.age.days': '{n} 天',
  'stale.ago': '{age}前',
  'stale.justNow': '刚刚',
  'stale.readingsBefore': '离线前的读数 · {time}',
  'stale.readingsTitle': '设备已离线：这些是它离线前最后上报的读数，不代表现在的状态',
} as const;

export const stalenessEn: Record<keyof typeof stalenessZh, string> = {
  'stale.offline': 'Offline',
  'stale.offlineSince': 'since {time} ({age} ago)',
  'stale.chimeOn': 'Offline chime: on',
  'stale.chimeOff': 'Offline chime: off',
  'stale.chimeTitle': 'One soft chime after a minute offline (once per outage)',
  'stale.age.seconds': '{n} s',
  'stale.age.minutes': '{n} min',
  'stale.age.hours': '{h} h {m} min',
  'stale.age.days': '{n} d',
  'stale.ago': '{age} ago',
  'stale.justNow': 'just now',
  'stale.readingsBefore': 'Readings from before it went offline · {time}',
  'stale.readingsTitle': 'The device is offline: these are the last readings it sent, not its state now',
};
