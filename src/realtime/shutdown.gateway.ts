import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { AppServer } from './protocol.js';
import { ShutdownService } from './shutdown.service.js';

/** Hands the Socket.IO server to ShutdownService (a gateway is where Nest gives it out). */
@WebSocketGateway()
export class ShutdownGateway implements OnGatewayInit {
  constructor(private readonly shutdown: ShutdownService) {}

  afterInit(server: AppServer): void {
    this.shutdown.attach(server);
  }
}
