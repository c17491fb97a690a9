// ticket detail strings: zh-CN defines the keys (prefix 'ticketDetail.'), en is typed to have exactly the same ones.
// (The detail's first strings, 'detail.*', 'event.*' and 'satisfaction.*', live in the core dictionaries.)
export const ticketDetailZh = {
  'ticketDetail.noPlace': '该工单没有位置信息',
  'ticketDetail.reopen': '重开工单',
  'ticketDetail.closeByCallback': '逐一回访每位报修人，全部回访后工单关闭',
  'ticketDetail.callbackReopenHint':
    '不满意时可记录回访，或重开工单再次上门（回访记录即重开原因，重开后每位报修人需重新回访）',
  'ticketDetail.callbackReopen': '重开工单，再次上门',
  'ticketDetail.required.note': '请先填写备注内容',
  'ticketDetail.required.reason': '请先填写原因',
  'ticketDetail.required.callbackReason': '重开工单前请在回访记录中写明原因',
  'ticketDetail.tooLong': '内容过长，请精简后再提交',
  'ticketDetail.error.offline': '网络不通，未发送。恢复网络后请重试。',
  'ticketDetail.error.conflict': '工单已有变化，此操作不适用：{message}',
  'ticketDetail.error.van-busy': '该车辆刚刚接了其他工单，车辆列表已刷新；如确需调离，请用“调离并派往此单”。',
  'ticketDetail.error.forbidden': '无权执行此操作：{message}',
  'ticketDetail.error.gone': '工单已不存在',
  'ticketDetail.error.invalid': '内容不符合要求：{message}',
  'ticketDetail.error.other': '操作失败：{message}',
  'ticketDetail.loadFailed': '无法刷新工单，显示的可能不是最新状态：{message}',
  'ticketDetail.entry.van': '派往 {van}',
  'ticketDetail.entry.patrol': '巡查顺序：{stops}（路上约 {minutes} 分钟）',
  'ticketDetail.entry.callbackNote': '{satisfaction}：{note}',
  'ticketDetail.entry.link': '{reporter}：{description}',
} as const;

export const ticketDetailEn: Record<keyof typeof ticketDetailZh, string> = {
  'ticketDetail.noPlace': 'This ticket has no location',
  'ticketDetail.reopen': 'Reopen ticket',
  'ticketDetail.closeByCallback': 'Call back each caller; the ticket closes after the last one',
  'ticketDetail.callbackReopenHint':
    'Unsatisfied: record the callback, or reopen the ticket for another visit (the callback note is the reason; after a reopen every caller is called back again)',
  'ticketDetail.callbackReopen': 'Reopen for another visit',
  'ticketDetail.required.note': 'Write the note first',
  'ticketDetail.required.reason': 'Give a reason first',
  'ticketDetail.required.callbackReason': 'Say in the callback note why the ticket is reopened',
  'ticketDetail.tooLong': 'That is too long; shorten it and try again',
  'ticketDetail.error.offline': 'No network: not sent. Try again once you are back online.',
  'ticketDetail.error.conflict': 'The ticket does not allow this now: {message}',
  'ticketDetail.error.van-busy':
    'That van has just taken another ticket; the van list is refreshed. To pull it off, use “Pull off and send here”.',
  'ticketDetail.error.forbidden': 'Not allowed: {message}',
  'ticketDetail.error.gone': 'The ticket no longer exists',
  'ticketDetail.error.invalid': 'Not accepted: {message}',
  'ticketDetail.error.other': 'That did not work: {message}',
  'ticketDetail.loadFailed': 'Could not refresh the ticket; what is shown may be out of date: {message}',
  'ticketDetail.entry.van': 'to {van}',
  'ticketDetail.entry.patrol': 'Visiting order: {stops} (about {minutes} min on the road)',
  'ticketDetail.entry.callbackNote': '{satisfaction}: {note}',
  'ticketDetail.entry.link': '{reporter}: {description}',
};
