// A Taobao or Tmall seller's order report (卖家中心 > 已卖出的宝贝 > 批量导出, 订单报表), often saved by
// Excel on Chinese Windows in GB18030: one row per order, the buyer's member name as the customer, what the
// buyer actually paid (买家实际支付金额) as the amount. Closed trades (交易关闭: cancelled or refunded) and
// orders still waiting for payment (等待买家付款) are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'taobao-orders',
  kind: 'orders',
  docs: 'https://open.taobao.com/doc.htm?docId=102856&docType=1',
  requires: [/^订单编号$/, /^买家会员名$/, /^买家实际支付金额$/],
  suggests: [
    /^订单状态$/,
    /^订单创建时间$/,
    /^订单付款时间$/,
    /^总金额$/,
    /^买家支付宝账号$/,
    /^收货人姓名$/,
    /^收货地址$/,
    /^宝贝标题$/,
    /^宝贝总数量$/,
    /^店铺名称$/,
    /^订单关闭原因$/,
  ],
  roles: {
    customerId: [/^买家会员名$/, /^买家支付宝账号$/],
    orderedAt: [/^订单创建时间$/, /^订单付款时间$/],
    orderId: [/^订单编号$/],
    amount: [/^买家实际支付金额$/, /^总金额$/],
  },
  segments: [/^店铺名称$/],
  status: { headers: [/^订单状态$/], exclude: /交易关闭|等待买家付款|已关闭|已取消/ },
});
