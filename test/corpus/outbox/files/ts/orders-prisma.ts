import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export interface PlaceOrder {
  customerId: string;
  lines: { sku: string; qty: number; unitCents: number }[];
}

export async function placeOrder(cmd: PlaceOrder): Promise<string> {
  const totalCents = cmd.lines.reduce((sum, l) => sum + l.qty * l.unitCents, 0);
  const order = await prisma.order.create({
    data: { customerId: cmd.customerId, totalCents, status: 'PLACED', lines: { create: cmd.lines } },
  });
  await prisma.outboxEvent.create({
    data: { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: { orderId: order.id, totalCents } },
  });
  return order.id;
}
