import type { Producer } from 'kafkajs';
import type { Repository } from 'typeorm';
import { Reservation } from './reservation.entity';

export class InventoryService {
  constructor(
    private readonly reservationRepository: Repository<Reservation>,
    private readonly producer: Producer,
  ) {}

  async reserve(orderId: string, sku: string, qty: number): Promise<Reservation> {
    const reservation = await this.reservationRepository.save({ orderId, sku, qty, status: 'HELD' });
    await this.producer.send({
      topic: 'inventory',
      messages: [{ key: orderId, value: JSON.stringify({ type: 'stock.reserved', orderId, sku, qty }) }],
    });
    return reservation;
  }
}
