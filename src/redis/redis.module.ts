import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnection } from './redis-connection.js';

/** Injection token of the node's RedisConnection; null in embedded mode. */
export const REDIS = Symbol('RedisConnection');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<RedisConnection | null> => {
        const target = config.redisTarget;
        if (target === null) return null;
        const connection = new RedisConnection(target, `summit:${config.NODE_ID}`, config.durability);
        await connection.connect();
        return connection;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule {}
