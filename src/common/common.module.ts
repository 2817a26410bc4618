import { Global, Module } from '@nestjs/common';
import { AppEvents } from './app-events.js';

/** Shared pieces every layer may use: the in-process event bus between features. */
@Global()
@Module({
  providers: [AppEvents],
  exports: [AppEvents],
})
export class CommonModule {}
