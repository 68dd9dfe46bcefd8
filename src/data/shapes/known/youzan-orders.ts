// A Chinese shop's order export in the Youzan (有赞) style, as many platforms write it: 订单号, 买家, 下单时间,
// 实付金额, 订单状态. One row per order (or per product, with the paid amount repeated: the mapping form sees
// that from the values). Closed, cancelled, unpaid and refunded orders are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'youzan-orders',
  kind: 'orders',
  docs: 'https://help.youzan.com/',
  requires: [
    /^订单(号|编号)$/,
    /^(买家|用户|客户)(昵称|账号|id)?$/,
    /^(下单|订单创建|创建)时间$/,
    /^(订单|用户|买家)?实付金额$/,
    /^订单状态$/,
  ],
  suggests: [
    /^付款时间$/,
    /^买家手机号$/,
    /^商品名称$/,
    /^商品数量$/,
    /^收货人(姓名)?$/,
    /^收货省份$/,
    /^收货城市$/,
    /^支付方式$/,
    /^订单类型$/,
  ],
  roles: {
    customerId: [/^(买家|用户|客户)(昵称|账号|id)?$/, /^买家手机号$/],
    orderedAt: [/^(下单|订单创建|创建)时间$/, /^付款时间$/],
    orderId: [/^订单(号|编号)$/],
    amount: [/^(订单|用户|买家)?实付金额$/],
  },
  segments: [/^收货省份$/, /^支付方式$/],
  status: { headers: [/^订单状态$/], exclude: /关闭|取消|待付款|退款成功/ },
});
