import { Module } from '@nestjs/common';
import { AdminGuard, RolesGuard } from './roles.js';
import { TokenService } from './token.service.js';

@Module({
  providers: [TokenService, RolesGuard, AdminGuard],
  exports: [TokenService, RolesGuard, AdminGuard],
})
export class AuthModule {}
