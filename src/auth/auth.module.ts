import { Module } from '@nestjs/common';
import { storeProvider } from '../redis/store-provider.js';
import { REVOCATION_STORE, type RevocationStore } from './revocation.store.js';
import { Revocations } from './revocations.js';
import { AdminGuard, AdminOrRolesGuard, RolesGuard } from './roles.js';
import { MemoryRevocationStore } from './store/memory-revocation.store.js';
import { RedisRevocationStore } from './store/redis-revocation.store.js';
import { TokenService } from './token.service.js';

@Module({
  providers: [
    TokenService,
    RolesGuard,
    AdminGuard,
    AdminOrRolesGuard,
    Revocations,
    storeProvider<RevocationStore>(
      REVOCATION_STORE,
      () => new MemoryRevocationStore(),
      (redis) => new RedisRevocationStore(redis),
    ),
  ],
  exports: [TokenService, RolesGuard, AdminGuard, AdminOrRolesGuard, Revocations, REVOCATION_STORE],
})
export class AuthModule {}
