// A JD (京东) merchant's order export (商家后台 > 订单管理 > 导出): one row per product of an order, the order's
// payable amount (应付金额) written again on every row of the order, so it is counted once per order; the
// ordering account (下单帐号) is the customer. Cancelled, locked and deleted orders are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'jd-orders',
  kind: 'orders',
  docs: 'https://jos.jd.com/',
  requires: [/^订单号$/, /^(下单|用户|客户)[帐账]号$/, /^应付金额$/],
  suggests: [
    /^商品id$/,
    /^商品名称$/,
    /^订购数量$/,
    /^支付方式$/,
    /^下单时间$/,
    /^京东价$/,
    /^订单金额$/,
    /^结算金额$/,
    /^订单状态$/,
    /^订单类型$/,
    /^客户姓名$/,
    /^付款确认时间$/,
  ],
  roles: {
    customerId: [/^(下单|用户|客户)[帐账]号$/, /^客户姓名$/],
    orderedAt: [/^下单时间$/, /^付款确认时间$/],
    orderId: [/^订单号$/],
    amount: [/^应付金额$/, /^订单金额$/],
  },
  segments: [/^订单类型$/, /^支付方式$/],
  status: { headers: [/^订单状态$/], exclude: /取消|锁定|删除/ },
  amountPerOrder: true,
});
