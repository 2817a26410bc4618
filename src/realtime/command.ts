import { SetMetadata } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import type { AppSocket } from './protocol.js';

export const COMMAND_KEY = 'summit:command';

/**
 * A socket command this method answers, as `(identity, dto, socket)`: CommandRouter routes it,
 * checks the roles of `@Roles` and validates the payload against the type of the second parameter
 * (a DTO class; no second parameter: no payload is read). The method returns its `Ack`.
 */
export const Command = (name: string): MethodDecorator => SetMetadata(COMMAND_KEY, name);

export type CommandMethod = (identity: Identity, dto: unknown, socket: AppSocket) => unknown;
