import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function cancelOrder(orderId: string, reason: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { status: 'CANCELLED', cancelReason: reason } });
    await tx.outboxEvent.create({
      data: { aggregateType: 'order', aggregateId: orderId, type: 'order.cancelled', payload: { orderId, reason } },
    });
  });
}
