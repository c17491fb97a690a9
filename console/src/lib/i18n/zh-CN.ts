// The zh-CN dictionary: the default language, and the one that defines the keys (MessageKey).
// Placeholders are {name}; every other dictionary must have exactly these keys (en.ts is typed so).
import { deviceZh } from './features/device';
import { hotlineZh } from './features/hotline';
import { managerZh } from './features/manager';
import { technicianZh } from './features/technician';
import { fieldZh } from './features/field';
import { mapZh } from './features/map';
import { mapLegendZh } from './features/map-legend';
import { sitesZh } from './features/sites';
import { ticketDetailZh } from './features/tickets';
import { proofZh } from './features/proof';
import { incidentsZh } from './features/incidents';
import { auditZh } from './features/audit';
import { dutyZh } from './features/duty';
import { handoverZh } from './features/handover';
import { notifyZh } from './features/notifications';
import { integrationsZh } from './features/integrations';
import { closuresZh } from './features/closures';
import { replayZh } from './features/replay';
import { reportZh } from './features/report';
import { callersZh } from './features/callers';
import { controlZh } from './features/control';
import { stalenessZh } from './features/staleness';
import { prioPhrasesZh } from './features/priority-phrases';
import { linksZh } from './features/links';
import { historyZh } from './features/history';
import { phoneZh } from './features/phone';
import { shiftZh } from './features/shift';

export const zhCN = {
  'app.title': '红帆调度台',
  'app.loading': '正在加载…',
  'app.techTitle': '红帆 · 维修员',

  'role.admin': '管理员',
  'role.dispatcher': '调度员',
  'role.technician': '维修员',
  'role.viewer': '只读',

  'action.logout': '退出',
  'lang.switch': 'English',
  'lang.switchTitle': '切换界面语言',

  'login.title': '红帆调度台',
  'login.subtitle': '老旧小区维修调度与设备监测',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.invalid': '用户名或密码错误',
  'login.throttled': '登录失败次数过多，请稍后再试',
  'login.failed': '登录失败，请检查网络后重试',

  'conn.connecting': '正在连接服务器…',
  'conn.syncing': '正在同步最新数据…',
  'conn.reconnecting': '连接已中断，正在重新连接',
  'conn.staleHint': '画面数据已暂停更新，恢复后将自动重新加载',

  'alarms.title': '实时告警',
  'alarms.count': '{n} 条',
  'alarms.empty': '当前没有活动告警',
  'alarms.ack': '确认',
  'alarms.acked': '已确认 · {by}',
  'alarms.repeats': '重复 {n} 次',
  'alarms.ackFailed': '确认失败：{message}',

  'severity.critical': '严重',
  'severity.major': '重要',
  'severity.minor': '一般',
  'severity.warning': '提示',

  'storm.title': '风暴',
  'storm.detail': '5 分钟内 {count} 条告警，涉及 {compounds} 个小区',

  'tickets.title': '工单看板',
  'tickets.count': '{n} 张',
  'tickets.empty': '无',
  'filter.priority': '优先级',
  'filter.compound': '小区',
  'filter.source': '来源',
  'filter.all': '全部',

  'status.new': '待派单',
  'status.dispatched': '已派单',
  'status.accepted': '已接单',
  'status.en_route': '在途',
  'status.on_site': '已到场',
  'status.resolved': '已处理',
  'status.closed': '已关闭',
  'status.cancelled': '已取消',

  'priority.P1': 'P1 紧急',
  'priority.P2': 'P2 高',
  'priority.P3': 'P3 中',
  'priority.P4': 'P4 低',

  'source.alarm': '告警',
  'source.hotline': '热线',
  'source.grid': '网格',
  'source.inspection': '巡检',

  'sla.respond': '到场 {time}',
  'sla.resolve': '完成 {time}',
  'sla.callback': '回访 {time}',
  'sla.overdue': '超时 {time}',
  'sla.atRisk': '临近超时',
  'sla.breached': '已超时',

  'ticket.unassigned': '未派车',

  'kpi.openTickets': '待办工单',
  'kpi.vansIdle': '空闲车辆',
  'kpi.vansBusy': '出车中',
  'kpi.devicesOffline': '离线设备',
  'kpi.activeAlarms': '活动告警',
  'kpi.responseToday': '今日平均响应',

  'health.ok': '正常',
  'health.warning': '提示',
  'health.alarm': '告警',
  'health.offline': '离线',

  'deviceStatus.online': '在线',
  'deviceStatus.offline': '离线',
  'deviceStatus.unknown': '未知',

  'vanStatus.offline': '离线',
  'vanStatus.idle': '空闲',
  'vanStatus.assigned': '已派单',
  'vanStatus.en_route': '在途',
  'vanStatus.on_site': '作业中',

  'map.label': '调度地图',
  'map.cluster': '{n} 台设备',
  'map.lastSeen': '最近上报 {time}',

  'duration.hm': '{h}小时{m}分',
  'duration.ms': '{m}分{s}秒',

  'tech.current': '当前工单',
  'tech.others': '本车其他工单',
  'tech.none': '暂无派给本车的工单',
  'tech.van': '车辆 {van}',
  'tech.location': '地点',
  'tech.reporter': '报修人',
  'tech.createdAt': '创建于 {time}',

  'detail.title': '工单详情',
  'detail.close': '关闭详情',
  'detail.loading': '正在加载工单…',
  'detail.status': '状态',
  'detail.priority': '优先级',
  'detail.category': '类别',
  'detail.source': '来源',
  'detail.location': '地点',
  'detail.van': '车辆',
  'detail.reporter': '报修人',
  'detail.created': '创建时间',
  'detail.timeline': '处理记录',
  'detail.candidates': '派车（按到达时间）',
  'detail.noCandidates': '暂无可派车辆',
  'detail.eta': '约 {min} 分钟',
  'detail.notePlaceholder': '添加备注',
  'detail.noteSubmit': '添加备注',
  'detail.reason': '原因',
  'detail.cancel': '取消工单',
  'detail.closeTicket': '关闭工单',
  'detail.callback': '回访',
  'detail.satisfaction': '满意度',
  'detail.callbackNote': '回访记录',
  'detail.callbackSubmit': '提交回访',
  'satisfaction.satisfied': '满意',
  'satisfaction.neutral': '一般',
  'satisfaction.unsatisfied': '不满意',
  'event.created': '创建',
  'event.dispatch': '派单',
  'event.accept': '接单',
  'event.decline': '拒单',
  'event.depart': '出发',
  'event.arrive': '到场',
  'event.resolve': '处理完成',
  'event.callback': '回访',
  'event.close': '关闭',
  'event.reopen': '重开',
  'event.cancel': '取消',
  'event.note': '备注',
  'event.alarm_raised': '告警触发',
  'event.alarm_cleared': '告警恢复',
  'event.link': '合并报修',
  'event.sla_breached': '超时',
  'event.device_verified': '设备确认修复',
  'event.alarm_grouped': '告警归并',
  'event.escalated': '超时升级',
  'event.patrol_route': '夜巡路线',
  'event.repeat_fault': '故障复发，自动重开',
  'event.attachment': '上传照片',
  'tech.accept': '接单',
  'tech.decline': '拒单',
  'tech.depart': '出发',
  'tech.arrive': '已到场',
  'tech.resolve': '处理完成',
  'tech.reason': '拒单原因',
  'tech.note': '处理说明',
  'tech.confirm': '确认',

  'error.generic': '出错了：{message}',
  ...deviceZh,
  ...hotlineZh,
  ...managerZh,
  ...technicianZh,
  ...fieldZh,
  ...mapZh,
  ...mapLegendZh,
  ...sitesZh,
  ...ticketDetailZh,
  ...proofZh,
  ...incidentsZh,
  ...auditZh,
  ...dutyZh,
  ...handoverZh,
  ...notifyZh,
  ...integrationsZh,
  ...closuresZh,
  ...replayZh,
  ...reportZh,
  ...callersZh,
  ...controlZh,
  ...stalenessZh,
  ...prioPhrasesZh,
  ...linksZh,
  ...historyZh,
  ...phoneZh,
  ...shiftZh,
} as const;

export type MessageKey = keyof typeof zhCN;
