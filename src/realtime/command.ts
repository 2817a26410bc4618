import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import type { CommandFigure } from '../ops/figure.types.js';
import type { AppSocket } from './protocol.js';

export const COMMAND_KEY = 'summit:command';
export const COMMAND_OPTIONS_KEY = 'summit:command-options';

export interface CommandOptions {
  /** The figure of the event's timeline (PROTOCOL section 11) one ok ack of this command adds to. */
  figure?: CommandFigure;
  /** False: sending it does not make an audience member active (a resync is no action). Default true. */
  active?: boolean;
}

/**
 * A socket command this method answers, as `(identity, dto, socket)`: CommandRouter routes it,
 * checks the roles of `@Roles` and validates the payload against the type of the second parameter
 * (a DTO class; no second parameter: no payload is read). The method returns its `Ack`.
 */
export const Command = (name: string, options: CommandOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(COMMAND_KEY, name), SetMetadata(COMMAND_OPTIONS_KEY, options));

export type CommandMethod = (identity: Identity, dto: unknown, socket: AppSocket) => unknown;
